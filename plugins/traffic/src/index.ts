/**
 * Entity cards for routes, TLS certificates and egress IPs on AKS, the Traffic tab and the
 * platform team's approvals page.
 *
 * @packageDocumentation
 */
export * from './plugin';
