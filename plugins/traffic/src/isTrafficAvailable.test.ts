import { httpbinEntity, websiteEntity } from './__fixtures__';
import { isTrafficAvailable } from './isTrafficAvailable';

describe('isTrafficAvailable', () => {
  it('is true with backstage.io/kubernetes-id', () => {
    expect(isTrafficAvailable(httpbinEntity)).toBe(true);
  });

  it('is true with backstage.io/kubernetes-label-selector', () => {
    expect(
      isTrafficAvailable({
        ...websiteEntity,
        metadata: {
          ...websiteEntity.metadata,
          annotations: {
            'backstage.io/kubernetes-label-selector': 'app=website',
          },
        },
      }),
    ).toBe(true);
  });

  it('is false without Kubernetes annotations', () => {
    expect(isTrafficAvailable(websiteEntity)).toBe(false);
    expect(
      isTrafficAvailable({
        ...websiteEntity,
        metadata: {
          ...websiteEntity.metadata,
          annotations: { 'backstage.io/kubernetes-id': '' },
        },
      }),
    ).toBe(false);
  });
});
