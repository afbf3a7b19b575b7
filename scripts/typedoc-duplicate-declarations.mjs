// TypeDoc plugin. TypeDoc 0.28 warns "<name> has multiple declarations with a comment" when
// TypeScript reports one property declaration several times — which happens for commented fields
// of valibot `v.pipe(...)` schemas seen through mapped types. The warning is always followed by an
// info line listing the locations; this drops the pair only when every location is the same line of
// the same file, so genuinely conflicting comments still fail the docs build.
const duplicateWarning = /has multiple declarations with a comment/;

/** @param {import('typedoc').Application} app */
export function load(app) {
  const logger = app.logger;
  const warn = logger.warn.bind(logger);
  const info = logger.info.bind(logger);
  /** @type {unknown[] | undefined} */
  let held;

  const release = () => {
    if (held) warn(...held);
    held = undefined;
  };

  logger.warn = (...args) => {
    release();
    if (duplicateWarning.test(String(args[0]))) held = args;
    else warn(...args);
  };
  logger.info = (...args) => {
    if (held) {
      const locations = String(args[0])
        .split('\n')
        .slice(1)
        .map((line) => line.trim())
        .filter(Boolean);
      if (locations.length > 0 && new Set(locations).size === 1) {
        held = undefined;
        return;
      }
      release();
    }
    info(...args);
  };
}
