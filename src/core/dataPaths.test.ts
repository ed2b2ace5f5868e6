import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDatabasePath, userDataDir } from './dataPaths';

describe('data paths', () => {
  it('follow Electron’s user-data folder on each OS', () => {
    expect(userDataDir('linux', {}, '/home/ana')).toBe(join('/home/ana', '.config', 'Annotation Workbench'));
    expect(userDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/ana')).toBe(join('/cfg', 'Annotation Workbench'));
    expect(userDataDir('darwin', {}, '/Users/ana')).toBe(join('/Users/ana', 'Library', 'Application Support', 'Annotation Workbench'));
    expect(userDataDir('win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana')).toBe(
      join('C:\\Users\\ana\\AppData\\Roaming', 'Annotation Workbench'),
    );
  });

  it('prefer --db, then AWB_DB, then the user-data folder', () => {
    const base = { platform: 'linux' as const, home: '/home/ana' };
    expect(resolveDatabasePath({ ...base, flag: '/x.db', env: { AWB_DB: '/y.db' } })).toBe('/x.db');
    expect(resolveDatabasePath({ ...base, env: { AWB_DB: '/y.db' } })).toBe('/y.db');
    expect(resolveDatabasePath({ ...base, env: {} })).toBe(join('/home/ana', '.config', 'Annotation Workbench', 'workbench.db'));
  });
});
