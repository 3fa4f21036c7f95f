import { deferDateTimeFormats } from './core/deferred-date-formats.js';

/**
 * Imported by main.ts before any framework, so the date formatters Nest builds as its modules load
 * stay unbuilt until something prints through them. Called once every module is loaded: from then
 * on `Intl.DateTimeFormat` is the real constructor again.
 */
export const stopDeferringDateFormats = deferDateTimeFormats(Intl);
