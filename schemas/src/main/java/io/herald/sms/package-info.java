/**
 * The SMS codec every module shares: which alphabet a text needs (GSM 7-bit default alphabet or UCS-2, 3GPP
 * TS 23.038), how many units and segments it takes, and its octets per segment (3GPP TS 23.040 §9.2.3.24.1).
 * Ingest counts with {@link io.herald.sms.SmsEncoder#info(String)}, the dispatcher sends what
 * {@link io.herald.sms.SmsEncoder#encode(String)} returns, and the CLI's {@code sms-info} prints the count; they agree
 * because both come from the same split.
 */
package io.herald.sms;
