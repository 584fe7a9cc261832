/** The parsed form of the SOQL subset the stand-in answers. Offsets point into the query text. */

export type SoqlLiteral =
  | { readonly kind: 'string'; readonly value: string; readonly offset: number }
  | { readonly kind: 'number'; readonly value: number; readonly offset: number }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly offset: number }
  | { readonly kind: 'null'; readonly offset: number }
  | { readonly kind: 'date'; readonly value: string; readonly offset: number }
  /** The value is in the store's datetime form, so it compares with stored values as a string. */
  | { readonly kind: 'datetime'; readonly value: string; readonly offset: number };

/** `Industry`, or through relationships `Account.Owner.Name`. */
export interface FieldPath {
  readonly parts: readonly string[];
  readonly text: string;
  readonly offset: number;
}

export const SOQL_OPERATORS = Object.freeze(['=', '!=', '<', '<=', '>', '>=', 'LIKE'] as const);
export type SoqlOperator = (typeof SOQL_OPERATORS)[number];

export type SoqlCondition =
  | { readonly kind: 'and' | 'or'; readonly conditions: readonly SoqlCondition[] }
  | { readonly kind: 'not'; readonly condition: SoqlCondition }
  | { readonly kind: 'compare'; readonly field: FieldPath; readonly operator: SoqlOperator; readonly value: SoqlLiteral }
  | { readonly kind: 'in'; readonly field: FieldPath; readonly negated: boolean; readonly values: readonly SoqlLiteral[] };

export interface SoqlOrderItem {
  readonly field: FieldPath;
  readonly descending: boolean;
  /** SOQL's default: nulls first when ascending, last when descending. */
  readonly nullsLast: boolean;
}

export interface SoqlQuery {
  readonly text: string;
  readonly select: { readonly kind: 'fields'; readonly fields: readonly FieldPath[] } | { readonly kind: 'count' };
  readonly from: { readonly name: string; readonly offset: number };
  readonly where: SoqlCondition | undefined;
  readonly orderBy: readonly SoqlOrderItem[];
  readonly limit: number | undefined;
  readonly offset: number | undefined;
}
