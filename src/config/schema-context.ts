import type { SecretRedactor } from '#src/core/redact.js';
import type { Findings } from './findings.js';
import type { IssuePath } from './schema-issues.js';

/** What every section reader shares while one document is read. */
export interface SchemaContext {
  findings: Findings;
  /** Receives each secret the moment it is read, before any message could quote it. */
  redactor: SecretRedactor;
  /** Where a path sits in the source text, so problems are listed in file order; absent for built-in documents. */
  offsetOf?: (path: IssuePath) => number;
}
