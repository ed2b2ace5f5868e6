import { createWriteStream, rmSync } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import type { FileHandleRegistry } from '../core/files/fileHandles';
import { LIMITS } from '../shared/contract/limits';
import { fail, ok } from '../shared/contract/result';
import { bearerToken, tokenMatches } from './requestPolicy';

/** The longest file name an upload may carry (it is shown, never used as a path). */
const NAME_LENGTH = 255;

/**
 * `POST /upload?name=<file name>` with the file as the raw body (`application/octet-stream`):
 * the browser's way to hand the import a file. Token-checked like the API, streamed into the
 * registry's private temporary folder with a byte cap (never buffered whole), and answered with
 * an opaque handle. The name is only a label: the stored path is always the server's own.
 */
export function registerUploadRoute(app: FastifyInstance, files: FileHandleRegistry, token: string, maxBytes: number = LIMITS.uploadBytes): void {
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));
  app.post<{ Querystring: { name?: string } }>('/upload', async (request, reply) => {
    if (!tokenMatches(bearerToken(request.headers.authorization), token)) {
      return reply.code(401).send(fail('unauthorized', 'Missing or wrong access token: open the address the server printed.'));
    }
    if (request.headers['content-type'] !== 'application/octet-stream') {
      return reply.code(415).send(fail('invalid_input', 'Upload the file as application/octet-stream.'));
    }
    const name = String(request.query.name ?? '')
      .replace(/[\\/]/g, '_')
      .slice(0, NAME_LENGTH);
    if (!name || name === '.' || name === '..') return reply.code(400).send(fail('invalid_input', 'The upload needs a file name (?name=…).'));
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > maxBytes) return reply.code(413).send(fail('too_large', `${name} is larger than the upload limit of ${maxBytes} bytes.`));
    const path = files.uploadPath();
    let received = 0;
    const cap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        if (received > maxBytes) callback(new Error('over the upload limit'));
        else callback(null, chunk);
      },
    });
    try {
      await pipeline(request.body as NodeJS.ReadableStream, cap, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      rmSync(path, { force: true });
      if (received > maxBytes) return reply.code(413).send(fail('too_large', `${name} is larger than the upload limit of ${maxBytes} bytes.`));
      return reply.code(400).send(fail('invalid_input', `The upload of ${name} did not complete (${error instanceof Error ? error.message : String(error)}).`));
    }
    return reply.send(ok(files.registerPath(path, name, true)));
  });
}
