/**
 * @module store/survey-tables
 * Tables of stored surveys (owned by the survey domain).
 */
export interface SurveyTables {}
