/**
 * @module report/report-text
 * The words of the annual survey report in Spanish and English, and the locale rules its numbers
 * follow (the dashboard's: es-PE, en-GB).
 */
import { chartFormat, landCoverName, type ChartFormat } from "../web/charts/chart-text.ts";

export type ReportLang = "es" | "en";
export const REPORT_LANGS: readonly ReportLang[] = ["es", "en"];

const TEXT = {
  title: { es: "Monitoreo de cultivos de coca", en: "Coca cultivation survey" },
  reportOf: { es: "Informe anual", en: "Annual report" },
  simulated: { es: "SIMULADO: imágenes sintéticas de demostración, no son cifras reales", en: "SIMULATED: synthetic demonstration imagery, not real figures" },
  contents: { es: "Contenido", en: "Contents" },
  keyFigures: { es: "Datos clave", en: "Key figures" },
  summary: { es: "Resumen ejecutivo", en: "Executive summary" },
  regions: { es: "Superficie nacional y por región", en: "National and regional area" },
  maps: { es: "Mapas", en: "Maps" },
  production: { es: "Producción potencial", en: "Potential production" },
  official: { es: "Cifras oficiales: EE. UU. y ONU", en: "Official figures: US and UN" },
  limits: { es: "Límites legales y metas", en: "Legal limits and targets" },
  methodology: { es: "Metodología", en: "Methodology" },
  provenance: { es: "Anexo: procedencia", en: "Annex: provenance" },
  sources: { es: "Fuentes", en: "Sources" },
  indicator: { es: "Indicador", en: "Indicator" },
  thisYear: { es: "Este año", en: "This year" },
  lastYear: { es: "Año anterior", en: "Last year" },
  change: { es: "Cambio", en: "Change" },
  source: { es: "Fuente", en: "Source" },
  notAvailable: { es: "n.d.", en: "n/a" },
  surveyArea: { es: "Superficie con coca (estimación por muestreo)", en: "Area under coca (sample-based estimate)" },
  mapArea: { es: "Superficie con coca según el mapa (conteo de píxeles)", en: "Area under coca in the map (pixel count)" },
  cocaine: { es: "Producción potencial de cocaína pura", en: "Potential pure cocaine production" },
  leaf: { es: "Producción potencial de hoja de coca secada al sol", en: "Potential sun-dried coca leaf production" },
  cultivation_ha: { es: "Superficie cultivada con coca", en: "Area under coca cultivation" },
  cocaine_t: { es: "Producción potencial de cocaína pura", en: "Potential pure cocaine production" },
  leaf_t: { es: "Producción potencial de hoja de coca", en: "Potential coca leaf production" },
  eradication_ha: { es: "Erradicación", en: "Eradication" },
  ci: { es: "IC", en: "CI" },
  interval: { es: "intervalo", en: "interval" },
  region: { es: "Región", en: "Region" },
  estimate: { es: "Estimación (ha)", en: "Estimate (ha)" },
  estimateShort: { es: "Estimación por muestreo", en: "Sample-based estimate" },
  mapCount: { es: "Conteo de píxeles del mapa", en: "Map pixel count" },
  se: { es: "Error estándar (ha)", en: "Standard error (ha)" },
  sampleUnits: { es: "Unidades de muestra", en: "Sample units" },
  total: { es: "Total", en: "Total" },
  national: { es: "nacional", en: "national" },
  classMap: { es: "Mapa de clases de cobertura", en: "Land-cover class map" },
  density: { es: "Densidad de coca en una grilla de 1 km (ha por celda)", en: "Coca density on a 1 km grid (ha per cell)" },
  densityLegend: { es: "ha de coca por celda de 1 km", en: "ha of coca per 1 km cell" },
  scenes: { es: "Índice de las imágenes satelitales", en: "Index of the satellite scenes" },
  scene: { es: "Imagen", en: "Scene" },
  date: { es: "Fecha", en: "Date" },
  clouds: { es: "Nubes (%)", en: "Clouds (%)" },
  priority: { es: "Prioridad", en: "Priority" },
  share: { es: "Parte del área observada", en: "Share of the observed area" },
  median: { es: "Mediana", en: "Median" },
  mean: { es: "Media", en: "Mean" },
  draws: { es: "extracciones", en: "draws" },
  distribution: {
    es: "Distribución de la producción potencial de cocaína (simulación Monte Carlo); mediana e intervalo del 90 % en azul",
    en: "Distribution of potential cocaine production (Monte Carlo simulation); median and 90 % interval in blue",
  },
  sensitivity: { es: "Sensibilidad: parámetros que más pesan en la incertidumbre", en: "Sensitivity: parameters driving the uncertainty" },
  parameter: { es: "Parámetro", en: "Parameter" },
  varianceShare: { es: "Parte de la varianza", en: "Share of the variance" },
  parameterSet: { es: "Juego de parámetros", en: "Parameter set" },
  year: { es: "Año", en: "Year" },
  difference: { es: "Diferencia EE. UU. − ONU", en: "Difference US − UN" },
  seriesCaption: {
    es: "Serie oficial; bandas: intervalos de predicción del 80 % y 95 % de la tendencia; los números remiten a las fuentes",
    en: "Official series; bands: the trend's 80 % and 95 % prediction intervals; numbers refer to the sources",
  },
  seriesCaptionNoTrend: { es: "Serie oficial; los números remiten a las fuentes", en: "Official series; numbers refer to the sources" },
  rangesCaption: { es: "barras verticales: rangos publicados", en: "vertical bars: published ranges" },
  publishedRange: { es: "rango publicado", en: "published range" },
  trend: { es: "Tendencia", en: "Trend" },
  reconciliation: { es: "Conciliación EE. UU. / ONU", en: "US / UN reconciliation" },
  surveyVsOfficial: { es: "Este monitoreo frente a las cifras oficiales", en: "This survey against the official figures" },
  value: { es: "Valor", en: "Value" },
  published: { es: "Publicado", en: "Published" },
  citation: { es: "Cita", en: "Citation" },
  instrument: { es: "Instrumento", en: "Instrument" },
  kind: { es: "Tipo", en: "Kind" },
  legal_limit: { es: "límite legal", en: "legal limit" },
  eradication_target: { es: "meta de erradicación", en: "eradication target" },
  eradication_share_target: { es: "meta de erradicación (parte del cultivo)", en: "eradication target (share of the crop)" },
  years: { es: "Años", en: "Years" },
  noLimits: { es: "No hay límites ni metas registrados para este país.", en: "No limits or targets are registered for this country." },
  design: { es: "Diseño de muestreo", en: "Sampling design" },
  stratum: { es: "Estrato", en: "Stratum" },
  stratumSize: { es: "Tamaño (ha)", en: "Size (ha)" },
  sampleSize: { es: "Tamaño de muestra", en: "Sample size" },
  errorMatrix: {
    es: "Matriz de error (proporciones del área; n = puntos de muestra); filas: mapa, columnas: referencia",
    en: "Error matrix (area proportions; n = sample points); rows: map, columns: reference",
  },
  accuracy: { es: "Exactitud por clase (± error estándar)", en: "Accuracy by class (± standard error)" },
  className: { es: "Clase", en: "Class" },
  usersAccuracy: { es: "Exactitud del usuario", en: "User's accuracy" },
  producersAccuracy: { es: "Exactitud del productor", en: "Producer's accuracy" },
  overallAccuracy: { es: "Exactitud global", en: "Overall accuracy" },
  estimator: { es: "Estimador", en: "Estimator" },
  parameters: { es: "Parámetros de producción con sus citas", en: "Production parameters with their citations" },
  unit: { es: "Unidad", en: "Unit" },
  status: { es: "Estado", en: "Status" },
  codeVersion: { es: "Versión del código", en: "Code version" },
  seed: { es: "Semilla aleatoria", en: "Random seed" },
  node: { es: "Node.js", en: "Node.js" },
  inputs: { es: "Entradas (SHA-256)", en: "Inputs (SHA-256)" },
  role: { es: "Papel", en: "Role" },
  path: { es: "Archivo", en: "File" },
  bytes: { es: "bytes", en: "bytes" },
  artifacts: { es: "Archivos guardados con el monitoreo (SHA-256)", en: "Files stored with the survey (SHA-256)" },
  model: { es: "Clasificador", en: "Classifier" },
  surveyId: { es: "Monitoreo", en: "Survey" },
  createdAt: { es: "Fecha del monitoreo (fecha de creación de este documento)", en: "Survey date (this document's creation date)" },
  generatedBy: { es: "Generado por Coca Monitor a partir del monitoreo guardado", en: "Generated by Coca Monitor from the stored survey" },
  page: { es: "Página", en: "Page" },
  of: { es: "de", en: "of" },
  previousSurvey: { es: "monitoreo anterior", en: "previous survey" },
  registry: { es: "registro de cifras oficiales", en: "official figures registry" },
  noPrevious: { es: "sin monitoreo anterior: el año anterior viene solo del registro", en: "no previous survey: last year comes from the registry alone" },
  registryOnly: { es: "solo cifras del registro oficial (sin monitoreo guardado)", en: "official registry figures only (no stored survey)" },
  chartAlt: { es: "Gráfico", en: "Chart" },
  sceneIndexMap: {
    es: "Mapa índice de las imágenes: de qué imagen viene cada píxel del mosaico",
    en: "Scene index map: which scene each pixel of the mosaic comes from",
  },
  unobserved: { es: "sin observación", en: "unobserved" },
  changeTitle: { es: "Cambio de la superficie con coca", en: "Change in the area under coca" },
  changeReportOf: { es: "Informe de cambio entre dos fechas", en: "Change report between two dates" },
  change_section: { es: "Cambio entre fechas: coca nueva, persistente y perdida", en: "Change between dates: new, persistent and lost coca" },
  changeAnalysis: { es: "Análisis de cambio", en: "Change analysis" },
  cocaEstimate: { es: "Coca (estimación por muestreo)", en: "Coca (sample-based estimate)" },
  cocaMapped: { es: "Coca según el mapa (conteo de píxeles)", en: "Coca in the map (pixel count)" },
  newCoca: { es: "Coca nueva", en: "New coca" },
  persistentCoca: { es: "Coca persistente", en: "Persistent coca" },
  lostCoca: { es: "Coca perdida", en: "Lost coca" },
  netChange: { es: "Cambio neto", en: "Net change" },
  stableOther: { es: "Sin coca en ambas fechas", en: "No coca at either date" },
  firstDate: { es: "Primera fecha", en: "First date" },
  secondDate: { es: "Segunda fecha", en: "Second date" },
  rates: { es: "Tasas (estimadores de razón, con IC)", en: "Rates (ratio estimators, with CI)" },
  rate: { es: "Tasa", en: "Rate" },
  abandoned: { es: "Parte de la coca de la primera fecha abandonada", en: "Share of first-date coca abandoned" },
  replanted: { es: "Parte del área erradicada replantada", en: "Share of eradicated area replanted" },
  replantedAfter: { es: "replantada tras erradicación", en: "replanted after eradication" },
  forced: { es: "forzosa", en: "forced" },
  voluntary: { es: "voluntaria (sustitución)", en: "voluntary (substitution)" },
  aerial: { es: "aérea", en: "aerial" },
  units: { es: "unidades", en: "units" },
  transitions: { es: "Transiciones: estimación por muestreo frente al mapa", en: "Transitions: sample-based estimate against the map" },
  transition: { es: "Transición", en: "Transition" },
  mappedHa: { es: "Mapa (ha)", en: "Map (ha)" },
  changeMap: {
    es: "Mapa de cambio (transiciones entre las dos fechas) con los sitios de erradicación",
    en: "Change map (transitions between the two dates) with the eradication sites",
  },
  eradicationSites: { es: "sitios de erradicación", en: "eradication sites" },
  eradicationSite: { es: "Erradicación", en: "Eradication" },
  changeEstimator: { es: "Estimador", en: "Estimator" },
  warnings: { es: "Advertencias del estimador", en: "Estimator warnings" },
  command: { es: "Comando", en: "Command" },
  surveysCompared: { es: "Monitoreos comparados", en: "Surveys compared" },
  generatedByChange: {
    es: "Generado por Coca Monitor a partir del análisis de cambio guardado",
    en: "Generated by Coca Monitor from the stored change analysis",
  },
  simulatedChange: {
    es: "SIMULADO: dos años simulados con verdad conocida, no son cifras reales",
    en: "SIMULATED: two simulated years with known truth, not real figures",
  },
} as const;

export type ReportTextKey = keyof typeof TEXT;

/** The report's words and number rules in one language. */
export interface ReportText {
  lang: ReportLang;
  locale: string;
  t(key: ReportTextKey): string;
  format: ChartFormat;
  /** A land-cover class name (or a transition "a -> b") in the report's language. */
  cls(name: string): string;
  /** A share 0..1 as a percentage: "91,0 %". */
  percent(share: number | null | undefined, digits?: number): string;
  /** A signed relative change 0..1 as a percentage: "+6,1 %". */
  change(share: number | null | undefined): string;
}

export function reportText(lang: ReportLang): ReportText {
  const locale = lang === "es" ? "es-PE" : "en-GB";
  const percent = (share: number | null | undefined, digits = 1): string =>
    share === null || share === undefined || !Number.isFinite(share)
      ? "—"
      : new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: digits, minimumFractionDigits: digits }).format(share);
  return {
    lang,
    locale,
    t: (key) => TEXT[key][lang],
    format: chartFormat(locale),
    cls: (name) => landCoverName(name, lang),
    percent,
    change: (share) =>
      share === null || share === undefined || !Number.isFinite(share) ? "—" : `${share > 0 ? "+" : share < 0 ? "−" : "±"}${percent(Math.abs(share))}`,
  };
}
