import {
  Recording,
  setupRecording as sdkSetupRecording,
  SetupRecordingInput,
  mutations,
} from '@jupiterone/integration-sdk-testing';

export { Recording };

/**
 * Fixed loopback address the sandbox listens on while recording. Polly
 * matches on hostname and port, so recordings and replays must use the same
 * base URLs (see docs/development.md, Tests).
 */
export const RECORDING_SANDBOX_PORT = 4599;
export const RECORDING_SANDBOX_ORIGIN = `http://127.0.0.1:${RECORDING_SANDBOX_PORT}`;

/** True when `npm run test:record` asked to re-record against the sandbox. */
export const isRecording = Boolean(process.env.RECORD);

/** Keys whose values are secrets in JSON bodies (OAuth token responses). */
const SECRET_BODY_KEYS = ['access_token', 'refresh_token', 'client_secret'];

/**
 * CircleCI's env-var listings return each value masked as "xxxx" plus its
 * last four characters; even that tail is part of a secret, so recordings
 * keep neither (the integration never stores it either).
 */
const MASKED_ENV_VALUE = /("value"\s*:\s*")xxxx[^"]*(")/g;

/**
 * CircleCI webhooks carry their signing secret masked ("****" + a tail):
 * the tail is replaced, an empty one (no secret set) kept, so a replay
 * still tells the two apart. Webhook URLs keep only their origin: their
 * paths often hold tokens. Bitbucket's webhook subscriptions likewise keep
 * scheme and host only, as the integration does.
 */
const WEBHOOK_SECRET = /("signing-secret"\s*:\s*")[^"]+(")/g;
const WEBHOOK_URL = /("url"\s*:\s*"https?:\/\/[^/"]+)\/[^"]*(")/g;
const URL_VALUE = /("url"\s*:\s*"[a-z][a-z0-9+.-]*:\/\/[^/"?#]*)[^"]*(")/gi;

function redactBody(text: string | undefined): string | undefined {
  if (!text) return text;
  let out = text.replace(MASKED_ENV_VALUE, '$1[REDACTED]$2');
  if (out.includes('"signing-secret"')) {
    out = out
      .replace(WEBHOOK_SECRET, '$1[REDACTED]$2')
      .replace(WEBHOOK_URL, '$1/[REDACTED]$2');
  }
  // Only webhook listings: other answers' `url` fields are web links.
  if (out.includes('"webhook_subscription"')) {
    out = out.replace(URL_VALUE, '$1/REDACTED$2');
  }
  for (const key of SECRET_BODY_KEYS) {
    out = out.replace(
      new RegExp(`("${key}"\\s*:\\s*)"[^"]*"`, 'g'),
      `$1"[REDACTED]"`,
    );
    out = out.replace(new RegExp(`(${key}=)[^&]*`, 'g'), `$1[REDACTED]`);
  }
  return out;
}

/**
 * Polly setup used by every step test: replay offline by default and fail
 * loudly on a missing recording; `RECORD=1` re-records. Secrets are removed
 * from headers (Authorization is redacted by the SDK; Circle-Token here) and
 * from token bodies before a HAR is written.
 */
export function setupRecording(
  input: Omit<SetupRecordingInput, 'options'> & {
    options?: SetupRecordingInput['options'];
  },
): Recording {
  return sdkSetupRecording({
    ...input,
    redactedRequestHeaders: ['circle-token', 'authorization'],
    mutateEntry(entry) {
      mutations.unzipGzippedRecordingEntry(entry);
      entry.request.postData = entry.request.postData
        ? {
            ...entry.request.postData,
            text: redactBody(entry.request.postData.text) ?? '',
          }
        : entry.request.postData;
      entry.response.content.text = redactBody(entry.response.content.text);
    },
    options: {
      mode: isRecording ? 'record' : 'replay',
      recordIfMissing: false,
      recordFailedRequests: true,
      ...input.options,
    },
  });
}
