import {
  createCustomer,
  createShopClient,
  listCustomers,
  paginate,
  ProblemError,
  unwrap,
} from '../src/index.js';

const client = createShopClient({ baseUrl: 'http://127.0.0.1:3000', apiKey: 'csk_your_api_key' });
const body = {
  companyName: 'The Coffee House',
  contactName: 'John Smith',
  email: 'john@coffeehouse.com',
  phone: '555-0123',
};
try {
  const created = await unwrap(
    createCustomer({ client, body, headers: { 'Idempotency-Key': crypto.randomUUID() } }),
  );
  console.log(`created ${created.id}`);
} catch (error) {
  if (!(error instanceof ProblemError && error.status === 409)) throw error;
  console.log(`not created: ${error.code}`); // customer_email_taken: that email has a customer already
}
const found = await unwrap(listCustomers({ client, query: { search: 'Coffee' } }));
console.log(
  `${found.total} customers match "Coffee":`,
  found.data.map((c) => c.companyName),
);
for await (const customer of paginate(listCustomers, {
  client,
  query: { status: 'all', limit: 100 },
})) {
  console.log(customer.companyName, customer.email, customer.activeOrdersCount);
}
