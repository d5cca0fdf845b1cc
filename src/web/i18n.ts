/**
 * @module web/i18n
 * Spanish and English: chosen from the browser's languages (Spanish first for any es-*), switchable,
 * remembered; numbers and dates formatted for the chosen locale.
 */
import { LAND_COVER_NAMES } from "./charts/chart-text.ts";

export type Lang = "es" | "en";

const STRINGS = {
  title: { es: "Coca Monitor", en: "Coca Monitor" },
  tagline: {
    es: "Cultivo de coca y producción potencial de cocaína en los Andes, con sus fuentes",
    en: "Coca cultivation and potential cocaine production in the Andes, with their sources",
  },
  skip: { es: "Saltar al contenido", en: "Skip to content" },
  navMap: { es: "Mapa", en: "Map" },
  navSeries: { es: "Series por país", en: "Country series" },
  navSurvey: { es: "Monitoreo", en: "Survey" },
  navLimits: { es: "Límites y metas", en: "Limits and targets" },
  navChange: { es: "Cambio", en: "Change" },
  navRoutes: { es: "Rutas", en: "Routes" },
  interpretSurveys: { es: "Monitoreos", en: "Surveys" },
  interpretChanges: { es: "Encuestas de cambio por interpretar (dos fechas)", en: "Change surveys awaiting labels (two dates)" },
  interpretNone: { es: "Nada que interpretar todavía.", en: "Nothing to interpret yet." },
  interpretUnit: { es: "Unidad", en: "Unit" },
  interpretOf: { es: "de", en: "of" },
  interpretDone: { es: "interpretadas en ambas fechas", en: "interpreted at both dates" },
  interpretDate: { es: "Fecha", en: "Date" },
  interpretTrueColour: { es: "color verdadero", en: "true colour" },
  interpretFalseColour: { es: "falso color (IRC, rojo, verde)", en: "false colour (NIR, red, green)" },
  interpretNoChip: { es: "Imagen no disponible", en: "Image not available" },
  interpretConfidence: { es: "Confianza", en: "Confidence" },
  interpretComment: { es: "Comentario", en: "Comment" },
  interpretReason: { es: "Motivo de la corrección", en: "Reason for the correction" },
  interpretPrevious: { es: "Anterior", en: "Previous" },
  interpretNext: { es: "Siguiente", en: "Next" },
  interpretSaved: { es: "Guardado", en: "Saved" },
  interpretQueued: {
    es: "Sin conexión: guardado en este navegador, se enviará al volver la conexión",
    en: "Offline: kept in this browser, sent when the connection is back",
  },
  interpretReasonNeeded: {
    es: "Ya interpretó esta unidad en esa fecha: escriba el motivo de la corrección.",
    en: "You labelled this unit at that date before: give the reason for the correction.",
  },
  interpretSameClass: { es: "La unidad ya tiene esas clases.", en: "The unit already has those classes." },
  interpretIncomplete: { es: "Elija la clase de la otra fecha.", en: "Now choose the class at the other date." },
  interpretYourLabels: { es: "Sus etiquetas", en: "Your labels" },
  interpretWhere: { es: "Ubicación", en: "Location" },
  interpretChangeKeys: {
    es: "Teclas: número o letra = clase en la fecha 1, Mayús + la misma tecla = clase en la fecha 2, ← → (j k) = mover",
    en: "Keys: number or letter = class at date 1, Shift + the same key = class at date 2, ← → (j k) = move",
  },
  rangesCaption: { es: "Barras verticales: rangos publicados", en: "Vertical bars: published ranges" },
  publishedRange: { es: "Rango publicado", en: "Published range" },
  routesSimulated: { es: "simulado", en: "simulated" },
  routesSimulatedNote: {
    es: "Terreno real; los campos de coca, los cruces de frontera y la interdicción son simulados.",
    en: "Real terrain; the coca fields, border crossings and interdiction are simulated.",
  },
  routesNone: {
    es: "No hay análisis de rutas guardados (coca routes demo --store, o npm start).",
    en: "No stored route analyses (coca routes demo --store, or npm start).",
  },
  routesAnalysis: { es: "Análisis", en: "Analysis" },
  routesBackground: { es: "Fondo", en: "Background" },
  routesCurrent: { es: "Corriente (dónde se concentra el flujo)", en: "Current (where flow concentrates)" },
  routesCost: { es: "Costo (tiempo de caminata por metro)", en: "Cost (walking time per metre)" },
  routesRound: { es: "Ronda de cierres", en: "Closure round" },
  routesRoundsCaption: { es: "Rondas de interdicción: rutas, huella y entropía del flujo", en: "Interdiction rounds: routes, footprint and flow entropy" },
  routesFlowHit: { es: "Flujo interceptado", en: "Flow intercepted" },
  routesBestHours: { es: "Mejor ruta", en: "Best route" },
  routesCorridors: { es: "Corredores", en: "Corridors" },
  routesFootprint: { es: "Huella (ha)", en: "Footprint (ha)" },
  routesEntropy: { es: "Entropía (nats)", en: "Entropy (nats)" },
  routesBest: { es: "Mejor ruta sin cierres", en: "Best route, nothing closed" },
  routesResistance: { es: "Resistencia efectiva campos → cruces", en: "Effective resistance fields → crossings" },
  routesTerrain: { es: "Terreno", en: "Terrain" },
  routesNoRoute: { es: "sin ruta", en: "no route" },
  routesOpen: { es: "Paisaje abierto: nada cerrado todavía.", en: "Open landscape: nothing closed yet." },
  routesCheckpoints: { es: "Puestos de control colocados", en: "Checkpoints placed" },
  routesInUse: { es: "Rutas en uso", en: "Routes in use" },
  routesAppeared: { es: "nuevas en esta ronda", en: "new this round" },
  year: { es: "Año", en: "Year" },
  language: { es: "Idioma", en: "Language" },
  country: { es: "País", en: "Country" },
  metric: { es: "Indicador", en: "Metric" },
  source: { es: "Fuente", en: "Source" },
  sources: { es: "Fuentes", en: "Sources" },
  region: { es: "Región", en: "Region" },
  value: { es: "Valor", en: "Value" },
  unit: { es: "Unidad", en: "Unit" },
  published: { es: "Publicado", en: "Published" },
  citation: { es: "Cita", en: "Citation" },
  loading: { es: "Cargando…", en: "Loading…" },
  noData: { es: "Sin datos para esta selección.", en: "No data for this selection." },
  error: { es: "Error", en: "Error" },
  downloadCsv: { es: "Descargar CSV (.zip)", en: "Download CSV (.zip)" },
  downloadCsvTitle: {
    es: "Un .zip con el CSV y su .csvt (tipos de columna para QGIS y GDAL; .prj si tiene lon/lat)",
    en: "A .zip with the CSV and its .csvt (column types for QGIS and GDAL; .prj when it has lon/lat)",
  },
  downloadGeoJson: { es: "Descargar GeoJSON", en: "Download GeoJSON" },
  table: { es: "Tabla de datos", en: "Data table" },
  cultivation_ha: { es: "Superficie cultivada con coca", en: "Area under coca cultivation" },
  cocaine_t: { es: "Producción potencial de cocaína pura", en: "Potential pure cocaine production" },
  leaf_t: { es: "Producción potencial de hoja de coca", en: "Potential coca leaf production" },
  eradication_ha: { es: "Erradicación", en: "Eradication" },
  legalLimit: { es: "Límite legal", en: "Legal limit" },
  revised: { es: "revisado", en: "revised" },
  revisedNote: {
    es: "Anillo: cifra revisada después de su primera publicación (se muestra la última versión).",
    en: "Ring: figure revised after it was first published (the latest vintage is shown).",
  },
  gapsNote: { es: "Los años sin cifra quedan en blanco: las líneas no los unen.", en: "Years without a figure are left blank: lines do not join across them." },
  previous: { es: "antes", en: "previously" },
  surveys: { es: "Monitoreos", en: "Surveys" },
  jobsRunning: { es: "Monitoreos en curso en los workers", en: "Surveys running on the workers" },
  jobQueued: { es: "en cola", en: "queued" },
  jobPreparing: { es: "preparando teselas", en: "preparing tiles" },
  jobClassifying: { es: "clasificando", en: "classifying" },
  jobAssembling: { es: "ensamblando (mosaico, estimaciones)", en: "assembling (mosaic, estimates)" },
  jobStored: { es: "guardado", en: "stored" },
  jobNeedsLabels: { es: "espera etiquetas de referencia", en: "waiting for reference labels" },
  jobFailed: { es: "falló", en: "failed" },
  jobCancelled: { es: "cancelado", en: "cancelled" },
  jobTiles: { es: "teselas", en: "tiles" },
  jobTilesUnknown: { es: "teselas por contar", en: "tiles not yet counted" },
  jobOpenSurvey: { es: "ver el monitoreo", en: "open the survey" },
  noSurveys: {
    es: "No hay monitoreos guardados. Ejecute «coca survey demo» o «npm start».",
    en: "No surveys stored. Run “coca survey demo” or “npm start”.",
  },
  simulated: { es: "simulado (imágenes sintéticas)", en: "simulated (synthetic imagery)" },
  estimate: { es: "Estimación por muestreo", en: "Sample-based estimate" },
  ci: { es: "IC", en: "CI" },
  ciLong: { es: "intervalo de confianza", en: "confidence interval" },
  se: { es: "error estándar", en: "standard error" },
  mapArea: { es: "Conteo de píxeles del mapa", en: "Map pixel count" },
  mapVsEstimate: { es: "Conteo de píxeles frente a estimación por muestreo", en: "Pixel count against sample-based estimate" },
  accuracy: { es: "Exactitud del mapa", en: "Map accuracy" },
  overallAccuracy: { es: "Exactitud global", en: "Overall accuracy" },
  usersAccuracy: { es: "Exactitud del usuario", en: "User's accuracy" },
  producersAccuracy: { es: "Exactitud del productor", en: "Producer's accuracy" },
  className: { es: "Clase", en: "Class" },
  errorMatrix: { es: "Matriz de error (proporciones del área; n = puntos de muestra)", en: "Error matrix (area proportions; n = sample points)" },
  mapRowsRefCols: { es: "Mapa ↓ / referencia →", en: "Map ↓ / reference →" },
  median: { es: "Mediana", en: "Median" },
  draws: { es: "extracciones", en: "draws" },
  medianInterval: { es: "mediana e intervalo del 90 % en azul", en: "median and 90 % interval in blue" },
  artifacts: { es: "Archivos guardados con el monitoreo", en: "Files stored with the survey" },
  fileName: { es: "nombre", en: "name" },
  mediaType: { es: "tipo", en: "type" },
  bytes: { es: "bytes", en: "bytes" },
  mean: { es: "Media", en: "Mean" },
  share: { es: "Parte de la varianza", en: "Share of the variance" },
  drivers: { es: "Parámetros que más pesan en la incertidumbre", en: "Parameters driving the uncertainty" },
  production: { es: "Producción potencial", en: "Potential production" },
  noProductionStage: {
    es: "Esta encuesta se guardó sin etapa de producción (production: false, o una clase objetivo que no es coca): no hay estimación de cocaína.",
    en: "This survey is stored without a production stage (production: false, or a target class that is not coca): no cocaine estimate.",
  },
  warnings: { es: "Advertencias", en: "Warnings" },
  distribution: { es: "Distribución (simulación Monte Carlo)", en: "Distribution (Monte Carlo simulation)" },
  provenance: { es: "Procedencia", en: "Provenance" },
  fields: { es: "Parcelas", en: "Fields" },
  classMap: { es: "Mapa de clases", en: "Class map" },
  regionsByEstimate: { es: "Regiones según hectáreas estimadas", en: "Regions by estimated hectares" },
  clickRegion: {
    es: "Seleccione una región (clic o lista) para ver su estimación e intervalo de confianza.",
    en: "Select a region (click or list) to see its estimate and confidence interval.",
  },
  surveyOf: { es: "Monitoreo", en: "Survey" },
  limitsTitle: { es: "Límites legales y metas", en: "Legal limits and targets" },
  target: { es: "Meta", en: "Target" },
  cultivation: { es: "Cultivo", en: "Cultivation" },
  aboveLimit: { es: "Por encima del límite", en: "Above the limit" },
  withinLimit: { es: "Dentro del límite", en: "Within the limit" },
  compareTitle: { es: "EE. UU. frente a ONU", en: "US against UN" },
  difference: { es: "Diferencia", en: "Difference" },
  token: { es: "Token de la API", en: "API token" },
  tokenNeeded: {
    es: "Este servidor exige un token para leer. Péguelo aquí (se guarda solo en esta pestaña).",
    en: "This server needs a token for reads. Paste it here (kept in this tab only).",
  },
  save: { es: "Guardar", en: "Save" },
  attribution: { es: "Límites", en: "Boundaries" },
  ha: { es: "ha", en: "ha" },
  t: { es: "t", en: "t" },
  latestYear: { es: "último disponible", en: "latest available" },
  trend: { es: "Tendencia", en: "Trend" },
  predictionBands: { es: "intervalos de predicción del 80 % y 95 %", en: "80 % and 95 % prediction intervals" },
  bandsCaption: {
    es: "Bandas grises: intervalos de predicción del 80 % (oscuro) y 95 % (claro) de la tendencia, línea discontinua su mediana",
    en: "Grey bands: the trend's 80 % (dark) and 95 % (light) prediction intervals, dashed line its median",
  },
  fittedOn: { es: "ajustada sobre", en: "fitted on" },
  points: { es: "puntos", en: "points" },
  clickPoint: { es: "Haga clic en un punto para ver su cita, su versión y sus revisiones.", en: "Click a point to see its citation, vintage and revisions." },
  vintage: { es: "Versión (publicada)", en: "Vintage (published)" },
  revisions: { es: "Revisiones", en: "Revisions" },
  noRevision: { es: "sin revisiones", en: "not revised" },
  national: { es: "nacional", en: "national" },
  play: { es: "Reproducir", en: "Play" },
  pause: { es: "Pausa", en: "Pause" },
  stepBack: { es: "Año anterior", en: "Previous year" },
  stepForward: { es: "Año siguiente", en: "Next year" },
  officialMap: { es: "Cifras oficiales por departamento y zona", en: "Official figures by department and zone" },
  officialSource: { es: "Fuente de las cifras oficiales", en: "Source of the official figures" },
  noOfficialRegions: {
    es: "El registro no tiene cifras subnacionales para este año y fuente.",
    en: "The registry has no sub-national figures for this year and source.",
  },
  annualReport: { es: "Informe anual", en: "Annual report" },
  interval90: { es: "intervalo del 90 %", en: "90 % interval" },
  noBoundary: { es: "Sin límites en el mapa (no dibujadas)", en: "No boundary on the map (not drawn)" },
  fieldsDrawn: { es: "parcelas dibujadas", en: "fields drawn" },
} as const;

export type StringKey = keyof typeof STRINGS;

const STORAGE_KEY = "coca-monitor.lang";

/**
 * The language from the page address (?lang=es|en), else the user's stored choice, else the first of
 * the browser's languages we speak, else Spanish.
 */
export function detectLang(
  languages: readonly string[] = navigator.languages ?? [navigator.language],
  search: string = typeof location === "undefined" ? "" : location.search,
): Lang {
  const asked = new URLSearchParams(search).get("lang");
  if (asked === "es" || asked === "en") return asked;
  const stored = (() => {
    try {
      return localStorage.getItem(STORAGE_KEY);
    } catch {
      return null;
    }
  })();
  if (stored === "es" || stored === "en") return stored;
  for (const l of languages) {
    const base = l.toLowerCase().split("-")[0];
    if (base === "es" || base === "en") return base;
  }
  return "es";
}

let current: Lang = "es";

export function setLang(lang: Lang): void {
  current = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

export function lang(): Lang {
  return current;
}

export function t(key: StringKey): string {
  return STRINGS[key][current];
}

/** BCP 47 locale for formatting: es-PE / en-GB style grouping. */
export function locale(): string {
  return current === "es" ? "es-PE" : "en-GB";
}

/** A number with locale grouping and at most `digits` decimals; "—" for missing. */
export function fmtNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(value);
}

/** A quantity with its unit: "22 000 ha". */
export function fmtQty(value: number | null | undefined, unit: string, digits = 0): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "—" : `${fmtNumber(value, digits)} ${unit}`;
}

/** A share 0..1 as a percentage. */
export function fmtPercent(share: number | null | undefined, digits = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return "—";
  return new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: digits, minimumFractionDigits: digits }).format(share);
}

/** An ISO date or timestamp in the locale's medium form; a bare year stays a year. */
export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  if (/^\d{4}$/.test(iso)) return iso;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const hasTime = iso.length > 10;
  return new Intl.DateTimeFormat(
    locale(),
    hasTime ? { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" } : { dateStyle: "medium", timeZone: "UTC" },
  ).format(d);
}

/** Source families as badges: US, UN, national. */
export function familyLabel(family: string): string {
  const labels: Record<string, Record<Lang, string>> = {
    US: { es: "EE. UU.", en: "US" },
    UN: { es: "ONU", en: "UN" },
    national: { es: "nacional", en: "national" },
  };
  return labels[family]?.[current] ?? family;
}

/** The project's land-cover class names in both languages (shared with the report: web/charts/chart-text). */
export const CLASS_NAMES: Record<string, Record<Lang, string>> = LAND_COVER_NAMES;

/** A class name in the chosen language (unknown names as they are). */
export function className(name: string): string {
  return CLASS_NAMES[name]?.[current] ?? name;
}

/** A region name: "national" translated, others as the registry spells them. */
export function regionName(name: string): string {
  return name.toLowerCase() === "national" ? t("national") : name;
}

export const COUNTRY_NAMES: Record<string, Record<Lang, string>> = {
  PER: { es: "Perú", en: "Peru" },
  BOL: { es: "Bolivia", en: "Bolivia" },
  COL: { es: "Colombia", en: "Colombia" },
  AND: { es: "Región andina", en: "Andean region" },
};

export function countryName(code: string): string {
  return COUNTRY_NAMES[code]?.[current] ?? code;
}
