import { describe, expect, it } from 'vitest';
import { disabledFeaturesSwitch } from './chromiumFeatures';

describe('disabledFeaturesSwitch', () => {
  it('adds the features the desktop host turns off to those already given, once each', () => {
    expect(disabledFeaturesSwitch('')).toBe('DeferRendererTasksAfterInput');
    expect(disabledFeaturesSwitch('HardwareMediaKeyHandling, MediaSessionService')).toBe(
      'HardwareMediaKeyHandling,MediaSessionService,DeferRendererTasksAfterInput',
    );
    expect(disabledFeaturesSwitch('DeferRendererTasksAfterInput,Foo')).toBe('DeferRendererTasksAfterInput,Foo');
  });
});
