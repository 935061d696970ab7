/**
 * The composition root: the one place where the responder and the dispatcher are built from
 * their parts (clients, settings, table name, clock, telemetry). The Lambda handlers, the
 * tests' harness and the local host (simulator, bench) all call these, so each runs the same
 * wiring with its own clients and clock. Each handler imports its own file, so that the
 * dispatcher's bundle holds none of the responder.
 */
export type { Parts } from './parts';
export type { DispatcherParts } from './dispatcher';
export { composeDispatcher } from './dispatcher';
export type { ResponderParts } from './responder';
export { composeResponder } from './responder';
