import type { AuditChanges } from '../audit/audit-entry.entity';
import type { CustomerFields } from '../customers/customers.repository';

/** A validated row to write, normalised as the API stores it (`customerFieldsFrom`). */
export type ImportedCustomer = CustomerFields;

export interface ExistingCustomer {
  id: string;
  /** Lower-cased. */
  email: string;
  archived: boolean;
}

/**
 * What an import needs from the customers' storage (implemented in src/customers by
 * CustomersBulkRepository). Runs inside the import's batch transaction.
 */
export abstract class CustomerImportWriter {
  /** Customers whose email (case-insensitively) is among these lower-cased emails. */
  abstract findByEmails(emails: string[]): Promise<ExistingCustomer[]>;

  /**
   * Inserts new customers in one statement; rows whose email was taken meanwhile are left out
   * (ON CONFLICT DO NOTHING). Returns the inserted ones with their lower-cased email.
   */
  abstract insertMany(customers: ImportedCustomer[]): Promise<{ id: string; email: string }[]>;

  /**
   * Overwrites the given fields (the file's columns) of existing customers. Returns, per
   * customer that really changed, its field changes for the audit trail.
   */
  abstract updateMany(
    updates: { id: string; customer: ImportedCustomer }[],
    fields: readonly (keyof ImportedCustomer)[],
  ): Promise<{ id: string; changes: AuditChanges }[]>;
}
