/**
 * What survives `google.script.run`: primitives, arrays and plain objects of them. A `Date` anywhere
 * makes the call fail, so every type that crosses to a page must satisfy `Json` (checked at compile time
 * with `JsonSafe<T>`), and dates travel as text ('YYYY-MM-DD' or an ISO instant).
 */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };

/** Resolves to T when T is JSON-safe, to `never` otherwise (use: `const _check: JsonSafe<MyType> = {} as MyType`). */
export type JsonSafe<T> = T extends Json ? T : never;
