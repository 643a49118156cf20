// The hello-world API's three message routes on Express 5 with express-oauth2-jwt-bearer,
// configured the way its README shows: the peer bench/run.sh measures the guard against.
//
//   ISSUER_BASE_URL=http://127.0.0.1:PORT AUDIENCE=https://hello-world.example.com \
//   PORT=6061 node server.js
//
// The SDK refuses a plain-http issuer only when NODE_ENV=production, so NODE_ENV is left
// unset here (the demo's development issuer serves http on loopback).
'use strict';

const express = require('express');
const { auth, claimIncludes } = require('express-oauth2-jwt-bearer');

const issuerBaseURL = process.env.ISSUER_BASE_URL;
const audience = process.env.AUDIENCE || 'https://hello-world.example.com';
const port = Number(process.env.PORT || 6061);

if (!issuerBaseURL) {
  console.error('express-peer: set ISSUER_BASE_URL to the demo issuer URL');
  process.exit(2);
}

const checkJwt = auth({ issuerBaseURL, audience });

const app = express();
app.disable('x-powered-by');

app.get('/api/messages/public', (req, res) => {
  res.json({ text: 'This is a public message.' });
});

app.get('/api/messages/protected', checkJwt, (req, res) => {
  res.json({ text: 'This is a protected message.' });
});

app.get(
  '/api/messages/admin',
  checkJwt,
  claimIncludes('permissions', 'read:admin-messages'),
  (req, res) => {
    res.json({ text: 'This is an admin message.' });
  },
);

app.use((req, res) => {
  res.status(404).json({ message: 'Not Found' });
});

// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  const status = err.status || 500;
  if (err.headers) res.set(err.headers);
  res.status(status).json({ message: status === 500 ? 'Internal Server Error' : err.message });
});

app.listen(port, '127.0.0.1', () => {
  console.log(`express-peer listening on http://127.0.0.1:${port}`);
});
