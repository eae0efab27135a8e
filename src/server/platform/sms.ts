// The SMS adapter. 'log' (the default, for development) writes one line per message to the server log
// naming the user's id, never their number; 'none' sends nothing. A gateway is one more adapter here.
import type { Config } from './config.js';

export type SmsSender = { send(userId: string, text: string): void };

const sent: { userId: string; text: string }[] = [];
/** The last messages the log adapter wrote (tests read it). */
export const smsOutbox = () => sent;

export function smsSender(config: Pick<Config, 'smsAdapter'>): SmsSender {
  if (config.smsAdapter === 'none') return { send() {} };
  return {
    send(userId, text) {
      sent.push({ userId, text });
      if (sent.length > 200) sent.shift();
      if (config.smsAdapter === 'log' && process.env.NODE_ENV !== 'test') process.stdout.write(`${JSON.stringify({ level: 30, msg: 'sms (log adapter)', userId, text })}\n`);
    },
  };
}
