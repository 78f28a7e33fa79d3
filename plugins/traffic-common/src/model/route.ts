import { ObjectRef, StatusCheck, StatusState } from './common';

export type RouteKind = 'HTTPRoute' | 'TLSRoute';

export interface RouteMatchView {
  path?: { type: string; value: string };
  method?: string;
  headers?: Array<{ name: string; value: string; type: string }>;
  queryParams?: Array<{ name: string; value: string; type: string }>;
  /** One-line description, e.g. `GET PathPrefix /api, header x-canary=true`. */
  summary: string;
}

export interface RouteBackendView {
  ref: ObjectRef;
  port?: number;
  /** Weight as written (default 1). */
  weight: number;
  /** Share of the rule's traffic in percent (0–100, one decimal). */
  sharePercent: number;
}

export interface RouteFilterView {
  type: string;
  /** e.g. `URLRewrite: path prefix → /v2` */
  summary: string;
}

export interface RouteRuleView {
  name?: string;
  matches: RouteMatchView[];
  backends: RouteBackendView[];
  filters: RouteFilterView[];
}

export interface RouteParentView {
  gatewayRef: ObjectRef;
  sectionName?: string;
  port?: number;
  /** Listeners of the parent Gateway this parentRef selects (when the Gateway is known). */
  listenerNames: string[];
  controllerName?: string;
  accepted: StatusCheck;
  resolvedRefs: StatusCheck;
  problem?: StatusCheck;
  state: StatusState;
}

export interface RouteView {
  ref: ObjectRef;
  kind: RouteKind;
  hostnames: string[];
  /** Clickable URLs (scheme from the listener protocol, port only when not the default). */
  urls: string[];
  rules: RouteRuleView[];
  parents: RouteParentView[];
  problem?: StatusCheck;
  state: StatusState;
}
