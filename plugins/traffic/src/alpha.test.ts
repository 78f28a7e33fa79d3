import trafficPlugin from './alpha';

describe('traffic plugin (new frontend system)', () => {
  it.each([
    'api:traffic',
    'entity-card:traffic/routes',
    'entity-card:traffic/certificates',
    'entity-card:traffic/egress',
    'entity-content:traffic',
    'page:traffic',
    'scaffolder-form-field:traffic/traffic-cluster-picker',
    'scaffolder-form-field:traffic/traffic-gateway-picker',
    'scaffolder-form-field:traffic/traffic-hostname',
  ])('provides %s', id => {
    expect(trafficPlugin.getExtension(id as any)).toBeDefined();
  });

  it('exposes the approvals route and the template external route', () => {
    expect(Object.keys(trafficPlugin.routes)).toEqual([
      'approvals',
      'entityContent',
    ]);
    expect(Object.keys(trafficPlugin.externalRoutes)).toEqual([
      'createFromTemplate',
    ]);
  });
});
