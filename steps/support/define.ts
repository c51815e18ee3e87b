// Given / When / Then for every step file. Each step expression is registered twice: as written, and
// with the ` [{statementRefs}]` suffix by which a feature names the statements a step asserts
// (notes/ATTRIBUTION.md). The suffixed form's function drops the id list and calls the step as written,
// so a step definition never sees it. Regular-expression steps are registered as written only.
import { Given as cucumberGiven, When as cucumberWhen, Then as cucumberThen } from '@cucumber/cucumber';
import { StatementRefs } from './statement-refs.ts';

// The step function type cucumber itself takes (its TestStepFunction is generic over the World).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type StepFunction = (this: any, ...args: any[]) => any;
type Define = typeof cucumberGiven;
/** Step options (timeout, wrapperOptions), as cucumber's IDefineStepOptions, which its index does not export. */
type IDefineStepOptions = Exclude<Parameters<Define>[1], StepFunction>;

/** The step registered once more with the statement suffix; its function drops that argument. */
function withStatementRefs(define: Define) {
  function register(pattern: string | RegExp, code: StepFunction): void;
  function register(pattern: string | RegExp, options: IDefineStepOptions, code: StepFunction): void;
  function register(pattern: string | RegExp, second: IDefineStepOptions | StepFunction, third?: StepFunction): void {
    const options: IDefineStepOptions = typeof second === 'function' ? {} : second;
    const code = typeof second === 'function' ? second : third;
    if (code === undefined) throw new TypeError(`step "${String(pattern)}" has no function`);
    define(pattern, options, code);
    if (typeof pattern === 'string') define(`${pattern} [{statementRefs}]`, options, dropStatementRefs(code));
  }
  return register;
}

/** A function of one more parameter than `code` (cucumber checks the arity), which removes the ids and calls `code`. */
export function dropStatementRefs(code: StepFunction): StepFunction {
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    const index = args.findIndex((arg) => arg instanceof StatementRefs);
    if (index >= 0) args.splice(index, 1);
    return code.apply(this, args);
  };
  Object.defineProperty(wrapped, 'length', { value: code.length + 1 });
  return wrapped;
}

export const Given = withStatementRefs(cucumberGiven);
export const When = withStatementRefs(cucumberWhen);
export const Then = withStatementRefs(cucumberThen);
