/**
 * @module store/figure-tables
 * Tables of the official-figures registry (owned by the figures domain).
 */
export interface FigureTables {}
