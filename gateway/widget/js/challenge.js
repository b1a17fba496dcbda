// The booking service's proof-of-work challenge (ALTCHA v1), solved without asking the
// customer anything. The service asks for one once an address holds half of its cap of
// live holds (POST /holds answers 403 challenge_required with detail.challenge); the
// solution goes back with the hold as `altcha`. The search runs in Web Workers (one per
// core, up to four, each over a part of the range) so the page stays responsive;
// altcha-lib is vendored and pinned (vendor/altcha-lib-2.8.0).

const VENDOR = "../vendor/altcha-lib-2.8.0/v1/";
// Far above what a challenge costs (bench/challenge); a stuck worker must not hang the hold.
const TIMEOUT_MS = 30_000;

class WorkerFailed extends Error {}

// One worker searches [start, end]; resolves with {number} or null when it is not there.
function searchRange(challenge, start, end, workers) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(`${VENDOR}worker.js`, import.meta.url), { type: "module" });
    workers.push(worker);
    worker.addEventListener("message", (message) => resolve(message.data));
    worker.addEventListener("error", () => reject(new WorkerFailed()));
    worker.postMessage({
      type: "work",
      payload: {
        algorithm: challenge.algorithm,
        challenge: challenge.challenge,
        max: end,
        salt: challenge.salt,
        start,
      },
    });
  });
}

// The range split over a few workers (the customer's cores); the first to find it wins.
async function searchInWorkers(challenge, max) {
  const count = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
  const step = Math.ceil((max + 1) / count);
  const workers = [];
  let timer;
  try {
    const searches = Array.from({ length: count }, (_, i) =>
      searchRange(challenge, i * step, Math.min(max, (i + 1) * step - 1), workers).then(
        (found) => found || Promise.reject(new Error("not in this range")),
      ),
    );
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error("challenge timed out")), TIMEOUT_MS);
    });
    const found = Promise.any(searches).catch((error) => {
      // A worker that could not even start is no proof the number is missing.
      if (error.errors?.some((reason) => reason instanceof WorkerFailed)) throw error;
      return null;
    });
    return await Promise.race([found, timeout]);
  } finally {
    clearTimeout(timer);
    for (const worker of workers) worker.terminate();
  }
}

async function searchHere(challenge, max) {
  const { solveChallenge } = await import(`${VENDOR}index.js`);
  return solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, max, 0).promise;
}

// The ALTCHA payload for a challenge (base64 of JSON), or null when no number solves it.
// `took` (milliseconds) is what the customer waited, for the benchmark.
export async function solveChallenge(challenge) {
  const max = challenge.maxNumber;
  const started = performance.now();
  let solution;
  try {
    solution = await searchInWorkers(challenge, max);
  } catch {
    // No module workers (an old browser, a strict embedding page): search on this thread.
    solution = await searchHere(challenge, max);
  }
  if (!solution) return null;
  const payload = btoa(
    JSON.stringify({
      algorithm: challenge.algorithm,
      challenge: challenge.challenge,
      number: solution.number,
      salt: challenge.salt,
      signature: challenge.signature,
    }),
  );
  return { payload, took: performance.now() - started };
}
