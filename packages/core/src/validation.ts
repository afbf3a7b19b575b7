import { RealtimeError } from './errors.js';
import type { StandardSchemaV1 } from './standard-schema.js';

function formatPath(path: StandardSchemaV1.Issue['path']): string {
  if (!path || path.length === 0) return '(root)';
  return path.map((segment) => String(typeof segment === 'object' && segment !== null ? segment.key : segment)).join('.');
}

/** Turns Standard Schema issues into `path: message` lines. */
export function formatIssues(issues: ReadonlyArray<StandardSchemaV1.Issue>): string[] {
  return issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}

/**
 * Validates a value with a Standard Schema and returns the parsed output.
 * Throws VALIDATION_FAILED naming each failing path and why.
 */
export async function validateWithSchema<TSchema extends StandardSchemaV1>(
  schema: TSchema,
  value: unknown,
  context: string,
): Promise<StandardSchemaV1.InferOutput<TSchema>> {
  let result = schema['~standard'].validate(value);
  if (result instanceof Promise) result = await result;
  if (result.issues) throw issuesError(result.issues, context);
  return result.value as StandardSchemaV1.InferOutput<TSchema>;
}

/** A VALIDATION_FAILED error listing each failing path and why. */
export function issuesError(issues: ReadonlyArray<StandardSchemaV1.Issue>, context: string): RealtimeError {
  const lines = formatIssues(issues);
  return new RealtimeError('VALIDATION_FAILED', `${context} is invalid: ${lines.join('; ')}`, {
    details: { issues: lines },
  });
}

/** The parsed payload of a settled Standard Schema result; throws VALIDATION_FAILED on issues. */
export function validatedPayload(result: StandardSchemaV1.Result<unknown>, event: string): unknown {
  if (result.issues) throw issuesError(result.issues, `Payload of "${event}"`);
  return result.value;
}
