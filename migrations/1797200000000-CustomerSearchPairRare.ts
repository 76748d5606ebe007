import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The customers where a two-character search term may have no trigram in the search index:
 * a non-ASCII character, two ASCII letters or digits, then a non-ASCII character or the end
 * of the text. A two-character search reads these rows beside its trigram candidates
 * (src/customers/customer-sql.ts, NON_ASCII_AROUND_PAIR: the predicate must stay the same
 * text for the planner to use the index). Few rows qualify (none of the seed's million), and
 * a write evaluates one regular expression.
 */
export class CustomerSearchPairRare1797200000000 implements MigrationInterface {
  name = 'CustomerSearchPairRare1797200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_customers_search_pair_rare" ON "customers" ("id") WHERE search_text ~ '[^\\x01-\\x7f][a-z0-9]{2}([^\\x01-\\x7f]|$)'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_customers_search_pair_rare"`);
  }
}
