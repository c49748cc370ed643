import { DomainError, type MeResponse } from '@cutover/domain';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Transactions } from '../database/transactions';
import { AuthRepository } from './auth.repository';
import type { LoginDto } from './dto/login.dto';
import type { SignupDto } from './dto/signup.dto';
import { LoginThrottle } from './login-throttle.service';
import type { PartnerScope } from './partner-scope';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password-hasher';
import { type ClientInfo, type IssuedSession, SessionService } from './session.service';

export interface SignedIn {
  body: MeResponse;
  session: IssuedSession;
}

/** Sign-up, sign-in, sign-out and "who am I". */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly repository: AuthRepository,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottle,
    private readonly clock: Clock,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A new partner (tenant) with its first user, signed in. */
  async signup(input: SignupDto, client: ClientInfo): Promise<SignedIn> {
    if (!this.config.signupEnabled) throw new DomainError('SIGNUP_DISABLED');
    const limits = this.throttle.signupLimits(client.ip);
    await this.throttle.assertAllowed(limits, this.clock.now());
    await this.throttle.count(limits, this.clock.now());
    const passwordHash = await hashPassword(input.password);
    const now = this.clock.now();
    return this.transactions.run(async (manager) => {
      const partnerId = await this.repository.createPartner(manager, input.partnerName, now);
      const userId = await this.repository.createUser(manager, {
        partnerId,
        email: input.email,
        passwordHash,
        at: now,
      });
      if (!userId) throw new DomainError('EMAIL_TAKEN');
      const session = await this.sessions.start(manager, { userId, partnerId }, client);
      this.logger.log({ msg: 'partner signed up', partnerId, userId });
      return {
        body: {
          user: { id: userId, email: input.email },
          partner: { id: partnerId, name: input.partnerName },
        },
        session,
      };
    });
  }

  /** The same 401 whether the email exists or not, in about the same time (a dummy hash is checked). */
  async login(input: LoginDto, client: ClientInfo): Promise<SignedIn> {
    const limits = this.throttle.loginLimits(input.email, client.ip);
    await this.throttle.assertAllowed(limits, this.clock.now());
    const user = await this.repository.findUserByEmail(input.email);
    const valid = user
      ? await verifyPassword(input.password, user.passwordHash)
      : (await verifyPassword(input.password, await dummyPasswordHash())) && false;
    if (!user || !valid) {
      await this.throttle.count(limits, this.clock.now());
      throw new DomainError('INVALID_CREDENTIALS');
    }
    await this.throttle.reset(limits.slice(0, 1));
    const session = await this.transactions.run((manager) =>
      this.sessions.start(manager, { userId: user.id, partnerId: user.partnerId }, client),
    );
    return { body: await this.me({ userId: user.id }), session };
  }

  async logout(token: string | null): Promise<void> {
    await this.sessions.end(token);
  }

  async me(scope: Pick<PartnerScope, 'userId'>): Promise<MeResponse> {
    const row = await this.repository.me(scope.userId);
    if (!row) throw new DomainError('UNAUTHENTICATED');
    return {
      user: { id: row.userId, email: row.email },
      partner: { id: row.partnerId, name: row.partnerName },
    };
  }
}
