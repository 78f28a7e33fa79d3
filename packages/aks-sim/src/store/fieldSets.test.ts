import { collectFields, describePath, toFieldsV1 } from './fieldSets';
import { listSemanticsFor } from './listSemantics';

describe('field sets', () => {
  const gateway = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'gw', namespace: 'ns', uid: 'x', labels: { a: 'b' } },
    spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80 }], addresses: [{ value: '1.2.3.4' }] },
  };

  it('tracks leaves, keyed list items and atomic lists, never server-owned metadata', () => {
    const fields = collectFields(gateway, listSemanticsFor('Gateway'));
    expect(toFieldsV1(fields.keys())).toEqual({
      'f:metadata': { 'f:labels': { 'f:a': {} } },
      'f:spec': {
        'f:addresses': {},
        'f:gatewayClassName': {},
        'f:listeners': { 'k:{"name":"http"}': { '.': {}, 'f:name': {}, 'f:port': {} } },
      },
    });
  });

  it('spells paths like conflict messages do', () => {
    const path = [...collectFields(gateway, listSemanticsFor('Gateway')).keys()].find(p => p.endsWith('f:port'))!;
    expect(describePath(path)).toBe('.spec.listeners[name="http"].port');
  });
});
