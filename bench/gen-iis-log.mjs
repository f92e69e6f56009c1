#!/usr/bin/env node
// Copied from the project's shared/bench/gen-iis-log.mjs so that tests and benchmarks run from a clone alone.
// Writes a synthetic IIS W3C extended log of WSUS traffic, for benchmarks.
// Deterministic: the same arguments always give the same bytes.
//
//   node gen-iis-log.mjs --mb 500 --clients 5000 --out big.log [--seed 7] [--days 7]
//
// Traffic shape: every client runs detection cycles (SimpleAuth cookie, client
// web service calls, wuident.cab check, reporting batch, content downloads).
// A few clients misbehave so that rules have something to find: some always get
// 401.1 on /selfupdate, some never call the reporting service, and there are
// short bursts of 503 (application pool down) and 500 responses.
import { createWriteStream } from 'node:fs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => {
    if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
    return acc;
  }, []),
);
const targetBytes = Number(args.mb ?? 100) * 1024 * 1024;
const clients = Number(args.clients ?? 2000);
const days = Number(args.days ?? 7);
const out = args.out ?? '-';
let seed = Number(args.seed ?? 7) >>> 0;

function rand() {
  // mulberry32
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

const serverIp = '10.20.0.5';
const port = 8530;
const agents = [
  'Windows-Update-Agent/10.0.10011.16384+Client-Protocol/2.50',
  'Windows-Update-Agent/10.0.10011.16384+Client-Protocol/2.71',
  'Windows-Update-Agent/7.6.7601.24436+Client-Protocol/1.81',
];
const clientIps = Array.from({ length: clients }, (_, i) => `10.${30 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`);
const broken401 = new Set(clientIps.filter((_, i) => i % 97 === 3));
const neverReports = new Set(clientIps.filter((_, i) => i % 89 === 5));

const start = Date.UTC(2026, 9, 1);
const span = days * 86400 * 1000;
const header = (d) =>
  `#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: ${d} 00:00:00\r\n` +
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n';

const stream = out === '-' ? process.stdout : createWriteStream(out);
let written = 0;
let buf = [];
let bufBytes = 0;
function emit(line) {
  buf.push(line);
  bufBytes += line.length;
  if (bufBytes > 1 << 20) flush();
}
function flush() {
  const chunk = buf.join('');
  written += chunk.length;
  buf = [];
  bufBytes = 0;
  return stream.write(chunk);
}

const pad = (n) => String(n).padStart(2, '0');
let currentDay = '';
let t = start;
const step = span / Math.max(1, targetBytes / 160);
while (written + bufBytes < targetBytes) {
  t += step * (0.5 + rand());
  const d = new Date(start + ((t - start) % span));
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (day !== currentDay) {
    currentDay = day;
    emit(header(day));
  }
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const ip = pick(clientIps);
  const ua = pick(agents);
  const r = rand();
  const outage = d.getUTCHours() === 3 && d.getUTCMinutes() < 7; // pool down every night for 7 minutes
  let method = 'POST';
  let uri;
  let query = '-';
  let status = 200;
  let sub = 0;
  let win32 = 0;
  if (r < 0.08) {
    uri = '/SimpleAuthWebService/SimpleAuth.asmx';
  } else if (r < 0.45) {
    uri = '/ClientWebService/client.asmx';
  } else if (r < 0.55) {
    method = 'HEAD';
    uri = '/selfupdate/wuident.cab';
    query = `${day.slice(2).replace(/-/g, '')}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}`;
    if (broken401.has(ip)) {
      status = 401;
      sub = 1;
      win32 = 1326;
    }
  } else if (r < 0.7) {
    uri = '/ReportingWebService/ReportingWebService.asmx';
    if (neverReports.has(ip)) uri = '/ClientWebService/client.asmx';
  } else {
    method = 'GET';
    const h = Math.floor(rand() * 0xffffffff).toString(16).toUpperCase().padStart(8, '0');
    uri = `/Content/${h.slice(0, 2)}/${h}${h}${h}${h}${h}.cab`;
  }
  if (outage) {
    status = 503;
    sub = 0;
    win32 = 0;
  } else if (rand() < 0.002) {
    status = 500;
    sub = 0;
    win32 = 0;
  }
  const taken = Math.floor(rand() * (uri.startsWith('/Content') ? 4000 : 300));
  emit(`${day} ${time} ${serverIp} ${method} ${uri} ${query} ${port} - ${ip} ${ua} - ${status} ${sub} ${win32} ${taken}\r\n`);
}
flush();
if (stream !== process.stdout) stream.end();
