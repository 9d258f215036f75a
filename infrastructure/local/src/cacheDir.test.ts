import { homedir } from 'node:os';
import { join } from 'node:path';
import { streamforgeCacheDir } from './cacheDir.js';

describe('streamforgeCacheDir', () => {
  it('prefers STREAMFORGE_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
    expect(streamforgeCacheDir({ STREAMFORGE_CACHE_DIR: '/tmp/sf', XDG_CACHE_HOME: '/x' })).toBe('/tmp/sf');
    expect(streamforgeCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/streamforge');
    expect(streamforgeCacheDir({})).toBe(join(homedir(), '.cache', 'streamforge'));
  });
});
