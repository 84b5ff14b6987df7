import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { eventually } from '../../support/time';

export type Received = {
  to: string;
  subject: string;
  text: string;
  messageId: string;
  /** A header as it came (`List-Unsubscribe` → `<https://…>`), or undefined. */
  header(name: string): string | undefined;
  /** The link after `label:` in the text (the first one). */
  link(label: RegExp): string;
};

/**
 * A real SMTP server (npm `smtp-server`) on a free port, as the alerts' senders meet a mail server: it receives,
 * parses (mailparser) and keeps every message; `refuse(address, n)` answers the next n deliveries to an address
 * with a temporary failure (451), as a server having trouble does.
 */
export class Mailbox {
  readonly messages: Received[] = [];
  private readonly refusals = new Map<string, number>();
  private readonly server: SMTPServer;

  private constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const left = this.refusals.get(address.address) ?? 0;
        if (left === 0) return callback();
        this.refusals.set(address.address, left - 1);
        callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.messages.push(received(mail, session.envelope.rcptTo[0]?.address ?? ''));
            callback();
          })
          .catch(callback);
      },
    });
  }

  static async start(): Promise<Mailbox> {
    const mailbox = new Mailbox();
    await new Promise<void>((resolve) => mailbox.server.listen(0, '127.0.0.1', resolve));
    return mailbox;
  }

  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  refuse(address: string, times: number): void {
    this.refusals.set(address, times);
  }

  to(address: string): Received[] {
    return this.messages.filter((message) => message.to === address);
  }

  /** Every message to `address`, once there are at least `count`. */
  received(address: string, count: number, what = 'e-mails'): Promise<Received[]> {
    return eventually(`${count} ${what} to ${address}`, () => {
      const messages = this.to(address);
      return Promise.resolve(messages.length >= count && messages);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function received(mail: ParsedMail, to: string): Received {
  const text = mail.text ?? '';
  return {
    to,
    subject: mail.subject ?? '',
    text,
    messageId: mail.messageId ?? '',
    header: (name: string) =>
      mail.headerLines
        .find((line) => line.key === name.toLowerCase())
        ?.line.slice(name.length + 1)
        .trim(),
    link(label: RegExp) {
      const line = text.split('\n').find((candidate) => label.test(candidate));
      const url = line?.match(/https?:\/\/\S+/)?.[0];
      if (!url) throw new Error(`no link after ${label} in:\n${text}`);
      return url;
    },
  };
}
