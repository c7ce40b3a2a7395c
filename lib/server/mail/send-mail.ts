import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";

let transport: { url: string; transporter: Transporter } | undefined;

/** True when SMTP_URL is set: invitations and password resets are then sent by email. */
export const isMailConfigured = (): boolean => Boolean(env().SMTP_URL);

/**
 * Sends a plain-text email through SMTP_URL from MAIL_FROM. Throws when SMTP is not
 * configured or the server refuses; callers decide whether that is fatal.
 */
export async function sendMail(message: { to: string; subject: string; text: string }): Promise<void> {
  const { SMTP_URL, MAIL_FROM } = env();
  if (!SMTP_URL) throw new Error("SMTP_URL is not set");
  if (transport?.url !== SMTP_URL) transport = { url: SMTP_URL, transporter: nodemailer.createTransport(SMTP_URL) };
  await transport.transporter.sendMail({ from: MAIL_FROM, ...message });
}
