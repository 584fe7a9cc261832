export { startSalesforceStandIn, type SalesforceStandIn } from './start-stand-in.ts';
export type { StandInStore } from './stand-in-store.ts';
export { faultSpecSchema, type ActiveFault, type FaultSpec } from './faults.ts';
export type { RequestLogEntry } from './request-log.ts';
export {
  STAND_IN_FIELD_TYPES,
  type SalesforceRecordValues,
  type SalesforceValue,
  type StandInBulkOptions,
  type StandInFieldDefinition,
  type StandInFieldType,
  type StandInObjectDefinition,
  type StandInOptions,
  type StandInPicklistValue,
} from './stand-in-options.ts';
