// Where the browser tests find Chromium, in one place: the harness imports
// findChromium, and `make test` runs this file, which prints the path or says
// on stderr, in one line, what to do, and exits 1.
//
// The order: CHROMIUM_PATH; then chromium, chromium-browser, google-chrome
// and google-chrome-stable on PATH; then the usual macOS applications.

import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const MAC_APPS = [
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Returns the path of the Chromium to drive, or throws an error whose message
 * says how to get one. A CHROMIUM_PATH that is set is taken at its word: when
 * it names no executable, that is the error, rather than another browser.
 */
export function findChromium(env = process.env) {
  if (env.CHROMIUM_PATH) {
    if (executable(env.CHROMIUM_PATH)) return env.CHROMIUM_PATH;
    throw new Error(`CHROMIUM_PATH is ${env.CHROMIUM_PATH}, which is not an executable file: correct it or unset it.`);
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of NAMES) {
    for (const dir of dirs) {
      if (executable(join(dir, name))) return join(dir, name);
    }
  }
  const app = MAC_APPS.find(executable);
  if (app) return app;
  throw new Error(
    `the browser tests need Chromium and found none (CHROMIUM_PATH, ${NAMES.join(', ')} on PATH, /Applications): ` +
      'run "sudo apt-get update && sudo apt-get install -y chromium", or install Chromium or Chrome another way, or set CHROMIUM_PATH.',
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    console.log(findChromium());
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
