/**
 * OAuth token response (client_credentials grant); the types of the API
 * answers are beside their shapes in the other files of responses/.
 */
export interface BitbucketTokenResponse {
  access_token: string;
  token_type?: string;
  expires_in?: number;
  /** Space-separated scopes granted to the consumer. */
  scopes?: string;
}
