import type { AddressInfo } from 'node:net';
import type { SMTPServerAuthentication, SMTPServerDataStream } from 'smtp-server';
import { SMTPServer } from 'smtp-server';
import { sampleNotification } from '../__tests__/HttpReceiver.js';
import { EmailChannel } from './EmailChannel.js';

interface ReceivedMail {
  from: string;
  to: string[];
  user: string | undefined;
  raw: string;
}

const PASSWORD = 'smtp-pa55word-do-not-log';

/** A real SMTP server (smtp-server) on loopback with PLAIN/LOGIN auth; RCPT replies are scripted. */
async function startSmtp(rcptReplies: number[] = []) {
  const mails: ReceivedMail[] = [];
  const replies = [...rcptReplies];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth: SMTPServerAuthentication, _session, callback) {
      if (auth.username === 'alerts' && auth.password === PASSWORD) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, callback) {
      const code = replies.shift();
      if (code === undefined) callback();
      else callback(Object.assign(new Error(`scripted ${code}`), { responseCode: code }));
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          user: session.user as string | undefined,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The body as the recipient reads it (nodemailer sends text as quoted-printable). */
function decodeQuotedPrintable(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_whole, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function channel(port: number, password = PASSWORD): EmailChannel {
  return new EmailChannel({
    id: 'email-ops',
    smtp: { host: '127.0.0.1', port, user: 'alerts', password, timeoutMs: 5_000 },
    from: 'streamforge@example.test',
    to: ['oncall@example.test', 'lead@example.test'],
  });
}

describe('EmailChannel', () => {
  it('delivers over SMTP with auth, the rendered alert and the idempotency key as Message-ID and header', async () => {
    const smtp = await startSmtp();
    const email = channel(smtp.port);
    try {
      expect(await email.send(sampleNotification())).toEqual({ retry: false });
      expect(smtp.mails).toHaveLength(1);
      const [mail] = smtp.mails;
      expect(mail?.from).toBe('streamforge@example.test');
      expect(mail?.to).toEqual(['oncall@example.test', 'lead@example.test']);
      expect(mail?.user).toBe('alerts');
      expect(mail?.raw).toMatch(/^Subject: \[FIRING:1\] service=api\r?$/m);
      expect(mail?.raw).toMatch(/^Message-ID: <sf-0123456789abcdef@streamforge>\r?$/im);
      expect(mail?.raw).toMatch(/^X-StreamForge-Idempotency-Key: sf-0123456789abcdef\r?$/im);
      expect(mail?.raw).toMatch(/^Content-Transfer-Encoding: quoted-printable\r?$/m);
      expect(decodeQuotedPrintable(mail?.raw ?? '')).toContain(
        '- [critical] triggered: CPU above 90% on api (alertname=cpu, service=api)',
      );
    } finally {
      await email.close();
      await smtp.close();
    }
  });

  it('retries a 4xx reply, not a 5xx one, and never quotes the password', async () => {
    // One scripted reply per recipient (two recipients per send).
    const smtp = await startSmtp([451, 451, 550, 550]);
    const email = channel(smtp.port);
    try {
      const transient = await email.send(sampleNotification());
      expect([transient.retry, transient.error?.category, transient.error?.message]).toEqual([
        true,
        'server_error',
        'email-ops: server_error: smtp EENVELOPE 451',
      ]);
      const permanent = await email.send(sampleNotification());
      expect([permanent.retry, permanent.error?.category]).toEqual([false, 'rejected']);
      expect(smtp.mails).toHaveLength(0);
    } finally {
      await email.close();
      await smtp.close();
    }

    const refused = await startSmtp();
    const wrong = channel(refused.port, 'wrong-password-123');
    try {
      const result = await wrong.send(sampleNotification());
      expect([result.retry, result.error?.category]).toEqual([false, 'auth']);
      expect(result.error?.message).not.toContain('wrong-password-123');
    } finally {
      await wrong.close();
      await refused.close();
    }
  });
});
