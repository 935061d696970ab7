/**
 * The number items of `preflight`. For `{"mode": "existing"}`: the number (or pool) exists in
 * this account and region, is active, can send SMS, is the config's `originationNumber`, and is
 * registered where that is required; its two-way state and lease are shown. For `"create"`:
 * the account has room for one more number. End User Messaging DescribePhoneNumbers,
 * DescribePools, DescribeRegistrations, DescribeAccountLimits (docs/aws-facts.md §1, §4).
 */
import type {
  PhoneNumberInformation,
  PoolInformation,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import {
  DescribeAccountLimitsCommand,
  DescribePhoneNumbersCommand,
  DescribePoolsCommand,
  DescribeRegistrationsCommand,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { PLACEHOLDER_PHONE_NUMBER_ID } from '../../lib/config/number-rules';
import type { AntirelouConfig } from '../../lib/config/schema';
import type { Account } from './preflight-account';
import type { AwsClients } from './aws-clients';
import type { Check } from './checks';
import { AwsCallError, call, errorText, fail, ok, warn } from './checks';

const ITEM = 'existing number';

/** US number types that send only once registered (toll-free verification, 10DLC campaign). */
const REGISTERED_TYPES = ['TOLL_FREE', 'TEN_DLC'];

/** What AWS says of the configured id. */
type Described =
  | { readonly kind: 'number'; readonly number: PhoneNumberInformation }
  | { readonly kind: 'pool'; readonly pool: PoolInformation }
  | { readonly kind: 'missing'; readonly check: Check };

/** The number or pool, or a failed item when AWS does not know it (ResourceNotFoundException). */
async function describe(clients: AwsClients, id: string, account: Account): Promise<Described> {
  const missing = (check: Check): Described => ({ kind: 'missing', check });
  try {
    if (/^pool-|:pool\//.test(id)) {
      const answer = await call('sms-voice:DescribePools', () =>
        clients.smsVoice.send(new DescribePoolsCommand({ PoolIds: [id] })),
      );
      const pool = answer.Pools?.[0];
      return pool
        ? { kind: 'pool', pool }
        : missing(fail(ITEM, `pool ${id}: AWS returned nothing`));
    }
    const answer = await call('sms-voice:DescribePhoneNumbers', () =>
      clients.smsVoice.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: [id] })),
    );
    const number = answer.PhoneNumbers?.[0];
    return number
      ? { kind: 'number', number }
      : missing(fail(ITEM, `number ${id}: AWS returned nothing`));
  } catch (error) {
    const cause = error instanceof AwsCallError ? error.error : undefined;
    const { name, message } = errorText(cause);
    if (name !== 'ResourceNotFoundException') throw error;
    const { ResourceType, ResourceId } = cause as { ResourceType?: string; ResourceId?: string };
    return missing(
      fail(
        ITEM,
        `number.phoneNumberId ${id} is not in account ${account.id}, region ${account.region} ` +
          `(${name}: ${ResourceType ?? '?'} ${ResourceId ?? '?'}${message ? `, "${message}"` : ''}): ` +
          'check the id (End User Messaging console, Phone numbers or Pools), AWS_REGION / --region and the profile',
      ),
    );
  }
}

/** A pool: active and two-way. */
function poolChecks(pool: PoolInformation): Check[] {
  const id = pool.PoolId ?? pool.PoolArn ?? 'pool';
  if (pool.Status !== 'ACTIVE') {
    return [fail(ITEM, `pool ${id} is ${pool.Status}: wait until it is ACTIVE`)];
  }
  const twoWay = pool.TwoWayEnabled
    ? `two-way on, to ${pool.TwoWayChannelArn ?? 'no channel'} (the stack points it at its topic)`
    : 'two-way off (the stack turns it on with UpdatePool)';
  return [ok(ITEM, `pool ${id} ACTIVE, ${pool.MessageType}; ${twoWay}`)];
}

/** A number's registration, where it has or needs one. */
async function registrationCheck(
  clients: AwsClients,
  number: PhoneNumberInformation,
): Promise<Check> {
  const item = 'number registration';
  const id = number.RegistrationId;
  if (id === undefined) {
    if (number.IsoCountryCode === 'US' && REGISTERED_TYPES.includes(number.NumberType ?? '')) {
      return fail(
        item,
        `a US ${number.NumberType} number sends only once registered, and this one has no RegistrationId: register it in the End User Messaging console`,
      );
    }
    return ok(
      item,
      `no registration attached; AWS provisioned the number (${number.Status}), so its country needed none or it was done with AWS Support`,
    );
  }
  const answer = await call('sms-voice:DescribeRegistrations', () =>
    clients.smsVoice.send(new DescribeRegistrationsCommand({ RegistrationIds: [id] })),
  );
  const status = answer.Registrations?.[0]?.RegistrationStatus ?? 'unknown';
  return status === 'COMPLETE'
    ? ok(item, `${id} COMPLETE`)
    : fail(item, `${id} is ${status}: the number cannot send until its registration is COMPLETE`);
}

/** A phone number: active, SMS, the configured number, two-way, registration. */
async function numberChecks(
  clients: AwsClients,
  config: AntirelouConfig,
  number: PhoneNumberInformation,
): Promise<Check[]> {
  const id = number.PhoneNumberId ?? number.PhoneNumberArn ?? 'number';
  const what = `${id} (${number.PhoneNumber}, ${number.IsoCountryCode} ${number.NumberType}, ${number.MessageType}, lease USD ${number.MonthlyLeasingPrice ?? '?'} a month)`;
  const problems: string[] = [];
  if (number.Status !== 'ACTIVE')
    problems.push(`it is ${number.Status}: deploy once AWS has made it ACTIVE`);
  if (!(number.NumberCapabilities ?? []).includes('SMS')) problems.push('it has no SMS capability');
  if (number.PhoneNumber !== config.originationNumber) {
    problems.push(
      `the config's originationNumber is ${config.originationNumber}: set it to ${number.PhoneNumber}`,
    );
  }
  const checks = [
    problems.length > 0 ? fail(ITEM, `${what}: ${problems.join('; ')}`) : ok(ITEM, what),
  ];
  checks.push(
    number.TwoWayEnabled
      ? ok(
          'number two-way',
          `on, to ${number.TwoWayChannelArn ?? 'no channel'}; the stack points it at its own topic (UpdatePhoneNumber)`,
        )
      : warn(
          'number two-way',
          'off: the stack turns it on (UpdatePhoneNumber); whether AWS supports two-way for this number, country and region cannot be read beforehand (ValidationException TWO_WAY_NOT_SUPPORTED_IN_COUNTRY / _IN_REGION at deploy)',
        ),
  );
  checks.push(await registrationCheck(clients, number));
  return checks;
}

/** Room for one more number (create mode): DescribeAccountLimits PHONE_NUMBERS. */
async function roomForNumber(clients: AwsClients): Promise<Check> {
  const item = 'phone number quota';
  const answer = await call('sms-voice:DescribeAccountLimits', () =>
    clients.smsVoice.send(new DescribeAccountLimitsCommand({})),
  );
  const limit = answer.AccountLimits?.find((entry) => entry.Name === 'PHONE_NUMBERS');
  if (limit?.Used === undefined || limit.Max === undefined)
    return warn(item, 'AWS reported no PHONE_NUMBERS limit');
  return limit.Used < limit.Max
    ? ok(item, `${limit.Used} of ${limit.Max} phone numbers used: room for the stack's`)
    : fail(
        item,
        `${limit.Used} of ${limit.Max} phone numbers used: release one or ask for more (Service Quotas, AWS End User Messaging)`,
      );
}

/** The number items for the config's `number` section. */
export async function numberCheck(
  clients: AwsClients,
  config: AntirelouConfig,
  account: Account,
): Promise<Check[]> {
  if (config.number.mode === 'create') return [await roomForNumber(clients)];
  if (config.number.phoneNumberId === PLACEHOLDER_PHONE_NUMBER_ID) {
    return [
      fail(
        ITEM,
        `number.phoneNumberId is the placeholder "${PLACEHOLDER_PHONE_NUMBER_ID}": there is no ` +
          'number yet, and `cdk deploy` stops before CloudFormation (see the country rules above)',
      ),
    ];
  }
  const found = await describe(clients, config.number.phoneNumberId, account);
  if (found.kind === 'missing') return [found.check];
  if (found.kind === 'pool') return poolChecks(found.pool);
  return numberChecks(clients, config, found.number);
}
