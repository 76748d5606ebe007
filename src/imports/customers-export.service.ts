import { Injectable } from '@nestjs/common';
import type { Customer } from '../customers/customer.entity';
import { searchTerms } from '../customers/customer-rules';
import { CustomersRepository, type ListPosition } from '../customers/customers.repository';
import { csvLine, UTF8_BOM } from './csv-writer';
import type { CustomerExportQueryDto } from './dto/customer-export-query.dto';
import { EXPORT_COLUMNS, type ImportField } from './import-columns';

const PAGE = 1000;

function cell(customer: Customer, field: ImportField): string {
  const [name, part] = field.split('.') as [keyof Customer, string | undefined];
  const value = customer[name];
  if (part) return ((value as Record<string, string | null> | null)?.[part] ?? '') || '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return '';
}

/**
 * Customers as CSV in the import's own format (export → import round-trips), streamed a
 * keyset page at a time through the customer list query, with its filters and sort.
 */
@Injectable()
export class CustomersExportService {
  constructor(private readonly customers: CustomersRepository) {}

  async *lines(query: CustomerExportQueryDto): AsyncGenerator<string> {
    yield UTF8_BOM + csvLine(EXPORT_COLUMNS.map((column) => column.header));
    const search = query.search ? searchTerms(query.search) : null;
    let after: ListPosition | undefined;
    for (;;) {
      const { rows } = await this.customers.findPage(
        { status: query.status, sort: query.sort, ...(search ? { search } : {}), after },
        PAGE,
      );
      for (const { customer } of rows) {
        yield csvLine(EXPORT_COLUMNS.map((column) => cell(customer, column.field)));
      }
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1];
      after = { key: last.sortKey, id: last.customer.id };
    }
  }
}
