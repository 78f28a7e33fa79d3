// ip.ts stays internal: the validation module owns the exported IP helpers.
export * from './prefix';
export * from './hosts';
export * from './outboundPolicy';
export * from './gateways';
