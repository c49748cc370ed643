import type { ApiTokenCreated, ApiTokenList, ApiTokenSummary } from '@cutover/domain';
import { DomainError } from '@cutover/domain';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ApiTokensRepository, type ApiTokenRow } from './api-tokens.repository';
import { PartnerScope } from './partner-scope';
import { hashSessionToken, newSessionToken } from './session-token';

/** lastUsedAt is written at most this often per token, not on every request. */
export const TOKEN_TOUCH_INTERVAL_MS = 60_000;

/** What a bearer token looks like: a prefix that secret scanners and people recognise, then 256 random bits. */
export const API_TOKEN_PREFIX = 'cut_';

function toSummary(row: ApiTokenRow): ApiTokenSummary {
  return {
    id: row.id,
    name: row.name,
    createdAt: new Date(row.createdAt).toISOString(),
    expiresAt: row.expiresAt ? new Date(row.expiresAt).toISOString() : null,
    lastUsedAt: row.lastUsedAt ? new Date(row.lastUsedAt).toISOString() : null,
  };
}

/**
 * API tokens for partner scripts (issue #16): 256 random bits shown once and stored as a SHA-256 hash,
 * optional expiry, revocation that takes effect on the next request (no cache), and the same
 * PartnerScope as the creator's session, so tenancy and the deny-by-default guard are unchanged.
 */
@Injectable()
export class ApiTokensService {
  private readonly logger = new Logger(ApiTokensService.name);

  constructor(
    private readonly repository: ApiTokensRepository,
    private readonly clock: Clock,
  ) {}

  async create(
    scope: PartnerScope,
    input: { name: string; expiresInDays?: number },
  ): Promise<ApiTokenCreated> {
    const now = this.clock.now();
    const token = `${API_TOKEN_PREFIX}${newSessionToken()}`;
    const expiresAt =
      input.expiresInDays === undefined ? null : new Date(now.getTime() + input.expiresInDays * 86_400_000);
    const row = await this.repository.create(scope, {
      name: input.name,
      tokenHash: hashSessionToken(token),
      at: now,
      expiresAt,
    });
    this.logger.log({
      msg: 'api token created',
      partnerId: scope.partnerId,
      userId: scope.userId,
      tokenId: row.id,
    });
    const { lastUsedAt: _never, ...summary } = toSummary(row);
    return { ...summary, token };
  }

  async list(scope: PartnerScope): Promise<ApiTokenList> {
    return { items: (await this.repository.list(scope)).map(toSummary) };
  }

  async revoke(scope: PartnerScope, id: string): Promise<void> {
    if (!(await this.repository.revoke(scope, id, this.clock.now())))
      throw new DomainError('TOKEN_NOT_FOUND');
    this.logger.log({
      msg: 'api token revoked',
      partnerId: scope.partnerId,
      userId: scope.userId,
      tokenId: id,
    });
  }

  /** The scope of a live token (`Authorization: Bearer <token>`); 401 for anything else. */
  async authenticate(token: string): Promise<PartnerScope> {
    if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200)
      throw new DomainError('UNAUTHENTICATED', INVALID_TOKEN_MESSAGE);
    const now = this.clock.now();
    const row = await this.repository.findLive(hashSessionToken(token), now);
    if (!row) throw new DomainError('UNAUTHENTICATED', INVALID_TOKEN_MESSAGE);
    if (!row.lastUsedAt || now.getTime() - new Date(row.lastUsedAt).getTime() >= TOKEN_TOUCH_INTERVAL_MS)
      await this.repository.touch(row.id, now, TOKEN_TOUCH_INTERVAL_MS);
    return PartnerScope.ofToken({ partnerId: row.partnerId, userId: row.userId, tokenId: row.id });
  }
}

export const INVALID_TOKEN_MESSAGE =
  'The API token is not valid: it may have expired or been revoked. Create a new one in Settings → API tokens and send it as Authorization: Bearer <token>.';
