// The validators compiled ahead by scripts/write-schemas.ts (ajv's standalone code): see
// ./validate.ts, which uses them only when `digest` is that of its schemas.
import type { ValidateFunction } from 'ajv/dist/2020.js';

export declare const digest: string;
export declare const flow: ValidateFunction;
export declare const procedure: ValidateFunction;
export declare const contacts: ValidateFunction;
export declare const brand: ValidateFunction;
export declare const config: ValidateFunction;
