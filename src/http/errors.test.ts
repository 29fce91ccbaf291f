import {
  IntegrationProviderAPIError,
  IntegrationProviderAuthenticationError,
} from '@jupiterone/integration-sdk-core';
import {
  authenticationError,
  errorBodyDetail,
  isHttpStatus,
  isNetworkFailure,
  NETWORK_ERROR_STATUS,
} from './errors';

const fields = { endpoint: 'GET https://x.test/a', statusText: 'Not Found' };

test('isHttpStatus matches provider errors by status only', () => {
  const notFound = new IntegrationProviderAPIError({ ...fields, status: 404 });
  expect(isHttpStatus(notFound, 403, 404)).toBe(true);
  expect(isHttpStatus(notFound, 403)).toBe(false);
  expect(isHttpStatus(new Error('404'), 404)).toBe(false);
  expect(isHttpStatus(undefined, 404)).toBe(false);
});

test('isNetworkFailure recognises the NETWORK_ERROR status', () => {
  const network = new IntegrationProviderAPIError({
    ...fields,
    status: NETWORK_ERROR_STATUS,
  });
  expect(isNetworkFailure(network)).toBe(true);
  expect(
    isNetworkFailure(
      new IntegrationProviderAPIError({ ...fields, status: 500 }),
    ),
  ).toBe(false);
});

test('authenticationError keeps the SDK class and code but our message', () => {
  const err = authenticationError({
    ...fields,
    status: 401,
    message: 'CircleCI authentication failed',
  });
  expect(err).toBeInstanceOf(IntegrationProviderAuthenticationError);
  expect(err).toMatchObject({
    code: 'PROVIDER_AUTHENTICATION_ERROR',
    fatal: true,
    status: 401,
    message: 'CircleCI authentication failed',
  });
});

test.each<[string, string | undefined]>([
  ['{"message": "Project not found"}', 'Project not found'],
  [
    '{"type": "error", "error": {"message": "Invalid pagelen"}}',
    'Invalid pagelen',
  ],
  [
    '{"error": "invalid_grant", "error_description": "Bad secret"}',
    'Bad secret',
  ],
  ['{"error": "unauthorized_client"}', 'unauthorized_client'],
  ['{"other": 1}', undefined],
  ['<html>Bad gateway</html>', '<html>Bad gateway</html>'],
  ['   ', undefined],
])('errorBodyDetail(%s) -> %p', (body, expected) => {
  expect(errorBodyDetail(body)).toBe(expected);
});
