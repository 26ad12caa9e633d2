// A webhook receiver: checks each delivery's signature and prints its event once (deliveries are at least once).
// WEBHOOK_SECRET=… PORT=9000 node webhook-receiver.mjs
import { createServer } from 'node:http';
import { verifyDialtoneSignature } from './verify-webhook.mjs';

const seen = new Set();
createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk)).on('end', () => {
    const body = Buffer.concat(chunks);
    if (!verifyDialtoneSignature(process.env.WEBHOOK_SECRET, body, req.headers['dialtone-signature'])) return res.writeHead(400).end();
    const event = JSON.parse(body);
    if (!seen.has(event.id)) {
      seen.add(event.id);
      console.log(event.seq, event['detail-type'], event.resources.join(' '));
    }
    res.writeHead(204).end();
  });
}).listen(Number(process.env.PORT ?? 9000), '127.0.0.1');
