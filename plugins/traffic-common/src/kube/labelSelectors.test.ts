import {
  LabelSelectorSyntaxError,
  matchesLabelRequirements,
  matchesMetaLabelSelector,
  parseLabelSelector,
  splitSelectorTerms,
} from './labelSelectors';

const labels = {
  app: 'shop',
  tier: 'web',
  rank: '3',
  'backstage.io/kubernetes-id': 'shop',
};
const matches = (selector: string) =>
  matchesLabelRequirements(parseLabelSelector(selector), labels);

describe('label selectors', () => {
  it('splits on commas outside parentheses', () => {
    expect(splitSelectorTerms('a=b, c in (d,e) ,!f')).toEqual([
      'a=b',
      'c in (d,e)',
      '!f',
    ]);
  });

  it('matches every operator of the string form', () => {
    expect(matches('')).toBe(true);
    expect(matches('app=shop,tier==web')).toBe(true);
    expect(matches('app!=shop')).toBe(false);
    expect(matches('missing!=x')).toBe(true);
    expect(matches('tier in (web, api)')).toBe(true);
    expect(matches('tier notin (web)')).toBe(false);
    expect(matches('backstage.io/kubernetes-id')).toBe(true);
    expect(matches('!tier')).toBe(false);
    expect(matches('rank>2,rank<4')).toBe(true);
    expect(matches('app>2')).toBe(false);
  });

  it('rejects invalid syntax with the API server wording', () => {
    expect(() => parseLabelSelector('a=b=c')).toThrow(LabelSelectorSyntaxError);
    expect(() => parseLabelSelector('n>x')).toThrow(
      /unable to parse requirement: found 'n>x'/,
    );
    expect(() => parseLabelSelector('-bad=key')).toThrow(
      LabelSelectorSyntaxError,
    );
  });

  it('matches the metav1.LabelSelector object form', () => {
    expect(matchesMetaLabelSelector(undefined, labels)).toBe(true);
    expect(
      matchesMetaLabelSelector({ matchLabels: { app: 'shop' } }, labels),
    ).toBe(true);
    expect(
      matchesMetaLabelSelector(
        {
          matchExpressions: [
            { key: 'tier', operator: 'NotIn', values: ['web'] },
          ],
        },
        labels,
      ),
    ).toBe(false);
    expect(
      matchesMetaLabelSelector(
        { matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] },
        labels,
      ),
    ).toBe(true);
    expect(
      matchesMetaLabelSelector(
        { matchExpressions: [{ key: 'app', operator: 'Bogus' }] },
        labels,
      ),
    ).toBe(false);
  });
});
