import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { streamforgeCacheDir } from '@streamforge/local-infra';
import { InfrastructureUnavailableError } from '../../errors.js';

/** The images infrastructure/containers builds without a registry, as tests use them. */
export type StreamForgeImageName = 'kafka' | 'redis' | 'postgres';

/**
 * The image reference for `name`: STREAMFORGE_<NAME>_IMAGE when set, else the content-tagged reference
 * `containers.sh` recorded when it last built or reused the image (a tag that changes with the content,
 * so a rebuilt image is never mistaken for a running container's older one).
 */
export function streamforgeImage(name: StreamForgeImageName): string {
  const fromEnv = process.env[`STREAMFORGE_${name.toUpperCase()}_IMAGE`];
  if (fromEnv) return fromEnv;
  const refFile = join(streamforgeCacheDir(), 'containers', 'images', `${name}.ref`);
  const ref = existsSync(refFile) ? readFileSync(refFile, 'utf8').trim() : '';
  if (!ref) {
    throw new InfrastructureUnavailableError(
      `no ${name} image: build the images once with \`pnpm containers:up\` (they are made locally, ` +
        `nothing is pulled), or name one in STREAMFORGE_${name.toUpperCase()}_IMAGE`,
    );
  }
  return ref;
}
