import * as shop from '../src/index.js';

const client = shop.createShopClient({ baseUrl: 'http://127.0.0.1:3000', apiKey: 'csk_your_key' });
const body = { companyName: 'Coffee House', contactName: 'John Smith', email: 'john@cafe.example' };
try {
  await shop.unwrap(shop.createCustomer({ client, body }));
} catch (error) {
  if (!(error instanceof shop.ProblemError) || error.status !== 409) throw error;
  console.log(`not created: ${error.code}`); // customer_email_taken
}
const found = await shop.unwrap(shop.listCustomers({ client, query: { search: 'coffee' } }));
console.log(`${found.total} match "coffee"`);
for await (const customer of shop.paginate(shop.listCustomers, { client, query: { limit: 100 } })) {
  console.log(customer.companyName, customer.email);
}
