// Reference page for the benchmark: sign in, list custom key stores, connect/disconnect, poll.
// Written as a small page on the AWS SDK for JavaScript v3, no framework.
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  KMSClient,
  DescribeCustomKeyStoresCommand,
  ConnectCustomKeyStoreCommand,
  DisconnectCustomKeyStoreCommand,
} from '@aws-sdk/client-kms';
import { SignatureV4 } from '@smithy/signature-v4';
// The SHA-256 and HttpRequest the browser build of the clients itself uses (@smithy/core's
// browser entry points: Sha256 is Sha256WebCrypto).
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/transport';

const $ = (selector) => document.querySelector(selector);
const form = $('#sign-in');
const errorBox = $('#error');
const tbody = $('#stores tbody');

const TRANSITIONS = new Set(['CONNECTING', 'DISCONNECTING']);

let session = null; // { credentials, regions, endpoint, kms: Map<region, KMSClient> }
const polls = new Map(); // region -> { since, gen, timer }

function showError(err, prefix = '') {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  errorBox.textContent = prefix + text;
}

function clearError() {
  errorBox.textContent = '';
}

function clientConfig(region) {
  return { region, credentials: session.credentials, ...(session.endpoint && { endpoint: session.endpoint }) };
}

async function listStores(region) {
  const kms = session.kms.get(region);
  const stores = [];
  let Marker;
  for (;;) {
    const page = await kms.send(new DescribeCustomKeyStoresCommand({ Limit: 1000, Marker }));
    stores.push(...(page.CustomKeyStores ?? []));
    if (!page.Truncated) return stores;
    Marker = page.NextMarker;
  }
}

// ---- table ----

const rows = new Map(); // `${region} ${storeId}` -> <tr>
const rowKey = (region, id) => `${region} ${id}`;
const regionRows = (region) => tbody.querySelectorAll(`tr[data-region="${CSS.escape(region)}"]`);

function cell(text, className) {
  const td = document.createElement('td');
  if (className) td.className = className;
  td.textContent = text ?? '';
  return td;
}

function setState(tr, state, errorCode) {
  tr.querySelector('.state').textContent = state;
  tr.querySelector('.error-code').textContent = errorCode ?? '';
  const actionCell = tr.querySelector('.action');
  actionCell.replaceChildren();
  let label = null;
  if (state === 'DISCONNECTED' || state === 'FAILED') label = 'Connect';
  else if (state === 'CONNECTED') label = 'Disconnect';
  if (label) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = label;
    button.addEventListener('click', () => act(tr, label, button));
    actionCell.append(button);
  }
}

function newRow(region, store) {
  const tr = document.createElement('tr');
  tr.dataset.storeId = store.CustomKeyStoreId;
  tr.dataset.region = region;
  tr.append(
    cell(region),
    cell(store.CustomKeyStoreName),
    cell(store.CustomKeyStoreId),
    cell(store.CustomKeyStoreType),
    cell('', 'state'),
    cell('', 'error-code'),
    cell('', 'action'),
  );
  setState(tr, store.ConnectionState, store.ConnectionErrorCode);
  rows.set(rowKey(region, store.CustomKeyStoreId), tr);
  return tr;
}

// Bring one Region's rows in line with a fresh listing: update in place, add new, drop gone.
function updateRegion(region, stores) {
  const seen = new Set();
  for (const store of stores) {
    seen.add(store.CustomKeyStoreId);
    const tr = rows.get(rowKey(region, store.CustomKeyStoreId));
    if (!tr) {
      const existing = regionRows(region);
      const last = existing[existing.length - 1];
      if (last) last.after(newRow(region, store));
      else tbody.append(newRow(region, store));
    } else if (tr.querySelector('.state').textContent !== store.ConnectionState ||
               tr.querySelector('.error-code').textContent !== (store.ConnectionErrorCode ?? '')) {
      setState(tr, store.ConnectionState, store.ConnectionErrorCode);
    }
  }
  for (const tr of regionRows(region)) {
    if (!seen.has(tr.dataset.storeId)) {
      rows.delete(rowKey(region, tr.dataset.storeId));
      tr.remove();
    }
  }
}

function regionInTransition(region) {
  return [...regionRows(region)].some((tr) => TRANSITIONS.has(tr.querySelector('.state').textContent));
}

// ---- connect / disconnect and polling ----

async function act(tr, label, button) {
  const region = tr.dataset.region;
  const CustomKeyStoreId = tr.dataset.storeId;
  const Command = label === 'Connect' ? ConnectCustomKeyStoreCommand : DisconnectCustomKeyStoreCommand;
  clearError();
  button.disabled = true;
  try {
    await session.kms.get(region).send(new Command({ CustomKeyStoreId }));
  } catch (err) {
    button.disabled = false;
    showError(err, `${label} ${CustomKeyStoreId}: `);
    return;
  }
  setState(tr, label === 'Connect' ? 'CONNECTING' : 'DISCONNECTING');
  startPolling(region);
}

// Every 2 s for the first 30 s after the action, every 5 s until 120 s, every 10 s until 600 s,
// then every 20 s.
function pollDelay(elapsedMs) {
  if (elapsedMs < 30_000) return 2_000;
  if (elapsedMs < 120_000) return 5_000;
  if (elapsedMs < 600_000) return 10_000;
  return 20_000;
}

function startPolling(region) {
  const previous = polls.get(region);
  if (previous) clearTimeout(previous.timer);
  const poll = { since: performance.now(), gen: (previous?.gen ?? 0) + 1, timer: 0 };
  polls.set(region, poll);
  schedulePoll(region, poll);
}

function schedulePoll(region, poll) {
  poll.timer = setTimeout(async () => {
    try {
      const stores = await listStores(region);
      if (polls.get(region) !== poll) return; // a newer action restarted this Region's schedule
      updateRegion(region, stores);
    } catch (err) {
      if (polls.get(region) !== poll) return;
      showError(err, `${region}: `);
    }
    if (regionInTransition(region)) schedulePoll(region, poll);
    else polls.delete(region);
  }, pollDelay(performance.now() - poll.since));
}

// ---- sign in ----

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearError();
  const regions = $('#regions').value.split(',').map((r) => r.trim()).filter(Boolean);
  if (regions.length === 0) {
    showError('Enter at least one Region.');
    return;
  }
  const credentials = {
    accessKeyId: $('#access-key-id').value.trim(),
    secretAccessKey: $('#secret-access-key').value.trim(),
    sessionToken: $('#session-token').value.trim() || undefined,
  };
  const endpoint = $('#endpoint').value.trim() || undefined;
  const submit = form.querySelector('button');
  submit.disabled = true;
  let identity;
  try {
    const sts = new STSClient({ region: regions[0], credentials, ...(endpoint && { endpoint }) });
    identity = await sts.send(new GetCallerIdentityCommand({}));
  } catch (err) {
    submit.disabled = false;
    showError(err, 'Sign-in failed: ');
    return;
  }
  session = { credentials, regions, endpoint, kms: new Map() };
  for (const region of regions) session.kms.set(region, new KMSClient(clientConfig(region)));
  $('#identity').textContent = identity.Arn;
  $('#signed-in').hidden = false;
  form.hidden = true;

  const results = await Promise.allSettled(regions.map(listStores));
  const failures = [];
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') {
      for (const store of result.value) tbody.append(newRow(regions[i], store));
    } else {
      failures.push(`${regions[i]}: ${result.reason?.name}: ${result.reason?.message}`);
    }
  });
  $('#stores').hidden = false;
  if (failures.length) showError(failures.join('; '));
  performance.mark('table-rendered');
  for (const region of regions) if (regionInTransition(region)) startPolling(region);
});

// ---- signing benchmark ----

const FAKE_CREDENTIALS = {
  // AWS's documented example keys.
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

// Signs the request the KMS client sends for DescribeCustomKeyStores `n` times; returns the
// duration of each signature in milliseconds.
// `samples` timings, each the mean of `batch` signatures: a page that is not cross-origin
// isolated reads performance.now() in 0.1 ms steps, too coarse for one signature.
window.benchSign = async (samples, batch = 1) => {
  const region = session?.regions[0] ??
    ($('#regions').value.split(',').map((r) => r.trim()).find(Boolean) || 'us-east-1');
  const url = new URL(session?.endpoint ?? `https://kms.${region}.amazonaws.com`);
  const signer = new SignatureV4({
    credentials: session?.credentials ?? FAKE_CREDENTIALS,
    region,
    service: 'kms',
    sha256: Sha256,
    uriEscapePath: true,
  });
  const body = JSON.stringify({ Limit: 1000 });
  // The headers the KMS client itself signs for this call.
  const request = () => new HttpRequest({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: '/',
    headers: {
      host: url.host,
      'content-type': 'application/x-amz-json-1.1',
      'content-length': String(body.length),
      'x-amz-target': 'TrentService.DescribeCustomKeyStores',
      'x-amz-user-agent': 'aws-sdk-js/3 ua/2.1 os/other lang/js md/browser api/kms',
      'amz-sdk-invocation-id': crypto.randomUUID(),
      'amz-sdk-request': 'attempt=1; max=3',
    },
    body,
  });
  const durations = [];
  for (let i = 0; i < samples; i++) {
    const requests = Array.from({ length: batch }, request);
    const start = performance.now();
    for (const r of requests) await signer.sign(r);
    durations.push((performance.now() - start) / batch);
  }
  return durations;
};

performance.mark('sign-in-interactive');
