import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from './patches';
import { listSemanticsFor } from './listSemantics';

describe('patches', () => {
  it('applies RFC 7386 merge patches', () => {
    expect(applyMergePatch({ a: 1, b: { c: 2, d: 3 }, e: [1] }, { b: { c: null, f: 4 }, e: [2] })).toEqual({ a: 1, b: { d: 3, f: 4 }, e: [2] });
  });

  it('applies RFC 6902 JSON patches', () => {
    const result = applyJsonPatch({ list: [1, 3], obj: { a: 1 } }, [
      { op: 'add', path: '/list/1', value: 2 },
      { op: 'add', path: '/list/-', value: 4 },
      { op: 'move', from: '/obj/a', path: '/obj/b' },
      { op: 'copy', from: '/obj/b', path: '/c' },
      { op: 'replace', path: '/c', value: 9 },
      { op: 'test', path: '/obj/b', value: 1 },
    ]);
    expect(result).toEqual({ list: [1, 2, 3, 4], obj: { b: 1 }, c: 9 });
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'remove', path: '/missing' }])).toThrow(expect.objectContaining({ code: 422 }));
    expect(() => applyJsonPatch({ a: 1 }, { op: 'add' })).toThrow(expect.objectContaining({ code: 400 }));
  });

  it('merges keyed lists and honours $patch in strategic merge patches', () => {
    const semantics = listSemanticsFor('Deployment');
    const live = { spec: { template: { spec: { containers: [{ name: 'a', image: '1' }, { name: 'b', image: '1' }] } } } };
    const patched = applyStrategicMergePatch(live, { spec: { template: { spec: { containers: [{ name: 'b', $patch: 'delete' }, { name: 'c', image: '2' }] } } } }, semantics);
    expect((patched as any).spec.template.spec.containers).toEqual([{ name: 'a', image: '1' }, { name: 'c', image: '2' }]);
  });
});
