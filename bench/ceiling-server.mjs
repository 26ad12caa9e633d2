// The ceiling: a bare node:http server answering a fixed JSON body about the size of a CreatePhoneNumberOrder
// answer (POST → 201, anything else → 200), after reading the request body. Prints its URL like dialtone does.
import { createServer } from 'node:http';

const body = Buffer.from(
  JSON.stringify({
    PhoneNumberOrder: {
      PhoneNumberOrderId: 'f4d758ae-5f36-4d2a-bf95-7152ecce43ff',
      ProductType: 'VoiceConnector',
      Status: 'Processing',
      OrderedPhoneNumbers: [{ E164PhoneNumber: '+12062001234', Status: 'Processing' }],
      CreatedTimestamp: '2026-11-27T12:45:12.271Z',
      UpdatedTimestamp: '2026-11-27T12:45:12.271Z',
    },
  }),
);
const headers = {
  'content-type': 'application/json',
  'content-length': String(body.length),
  'x-amzn-requestid': '7e03ca47-88ae-41bf-9714-ca5d1cd74fe7',
};

const server = createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(req.method === 'POST' ? 201 : 200, headers);
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(`ceiling: serving at http://127.0.0.1:${port} (${body.length}-byte body)\n`);
});
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
