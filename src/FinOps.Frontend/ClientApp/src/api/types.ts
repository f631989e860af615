// Response and request shapes of the FinOps API (/api/v1, JSON camelCase).
// The API may add fields at any time: these types list what the UI reads, nothing more, and every
// reader tolerates fields it does not know.

export type Role = 'viewer' | 'analyst' | 'operator' | 'admin';

export const ROLES: readonly Role[] = ['viewer', 'analyst', 'operator', 'admin'];

export interface Me {
  name: string;
  role: Role;
  authenticationType: 'api-key' | 'jwt' | string;
}

export type ComponentStatus = 'healthy' | 'degraded' | 'unhealthy';

export interface SystemStatus {
  checkedAt: string;
  components: { name: string; status: ComponentStatus | string; detail: string | null }[];
}

export interface Account {
  id: string | number;
  provider: string;
  billingAccountId: string | null;
  subAccountId: string;
  name: string;
  owner: string | null;
  team: string | null;
  monthlyBudget: number | null;
  currency: string | null;
  credentialsVaultPath: string | null;
  createdAt: string;
  updatedAt: string | null;
}

export interface AccountInput {
  provider: string;
  billingAccountId?: string | null;
  subAccountId: string;
  name: string;
  owner?: string | null;
  team?: string | null;
  monthlyBudget?: number | null;
  currency?: string | null;
  credentialsVaultPath?: string | null;
}

export interface ApiKey {
  id: string | number;
  name: string;
  prefix: string;
  role: Role;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ApiKeyInput {
  name: string;
  role: Role;
  expiresAt?: string | null;
}

export interface CreatedApiKey {
  id: string | number;
  name: string;
  prefix: string;
  role: Role;
  /** The secret itself: the API returns it once, on creation, and never again. */
  key: string;
  createdAt: string;
  expiresAt: string | null;
}

export interface CostSummary {
  currency: string;
  monthToDate: number;
  previousMonthToDate: number;
  previousMonthTotal: number;
  dataThrough: string | null;
  topServices: { key: string; cost: number }[];
}

export type Granularity = 'day' | 'month';
export type GroupBy = 'service' | 'sub_account' | 'region' | 'provider' | 'charge_category';
export type CostMetric = 'effective' | 'billed' | 'list';

export const GROUP_BY_OPTIONS: readonly { value: GroupBy; label: string }[] = [
  { value: 'service', label: 'Service' },
  { value: 'sub_account', label: 'Sub-account' },
  { value: 'region', label: 'Region' },
  { value: 'provider', label: 'Provider' },
  { value: 'charge_category', label: 'Charge category' },
];

export const METRIC_OPTIONS: readonly { value: CostMetric; label: string; hint: string }[] = [
  { value: 'effective', label: 'Effective cost', hint: 'After discounts, with commitments amortized' },
  { value: 'billed', label: 'Billed cost', hint: 'As invoiced' },
  { value: 'list', label: 'List cost', hint: 'At public on-demand prices' },
];

/** Filters and shape shared by /costs/timeseries, /costs/breakdown and /costs/export. */
export interface CostQuery {
  from: string;
  to: string;
  granularity?: Granularity;
  groupBy?: GroupBy;
  metric?: CostMetric;
  provider?: string;
  subAccountId?: string;
  serviceName?: string;
  regionId?: string;
  top?: number;
}

export interface CostPoint {
  date: string;
  cost: number;
}

export interface CostSeries {
  key: string;
  points: CostPoint[];
}

export interface CostTimeseries {
  currency: string;
  granularity: Granularity;
  metric: CostMetric;
  total: number;
  series: CostSeries[];
}

export interface CostBreakdown {
  currency: string;
  metric: CostMetric;
  total: number;
  items: { key: string; cost: number; share: number }[];
}

export type IngestionStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'superseded';

export const INGESTION_FORMATS = ['auto', 'focus', 'aws-cur', 'aws-cur2', 'azure', 'gcp', 'oci', 'usage'] as const;
export type IngestionFormat = (typeof INGESTION_FORMATS)[number];

export interface IngestionError {
  row: number | null;
  column: string | null;
  message: string;
}

export interface Ingestion {
  id: string | number;
  source: string | null;
  fileName: string | null;
  fileSize: number | null;
  format: string | null;
  providerName: string | null;
  billingPeriods: string[] | null;
  status: IngestionStatus | string;
  rowsRead: number | null;
  rowsLoaded: number | null;
  rowsRejected: number | null;
  errors: IngestionError[] | null;
  errorMessage: string | null;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface Job {
  name: string;
  cron: string | null;
  description: string | null;
  lastRunAt: string | null;
  lastStatus: string | null;
  nextRunAt: string | null;
}

export interface TriggeredJob {
  name: string;
  jobId: string;
}

/** RFC 7807 problem details, plus the `errors` map of ASP.NET validation problems. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  errors?: Record<string, string[]>;
  [extension: string]: unknown;
}

/** Forecasts: `/api/v1/forecasts`. A scope with neither subAccountId nor serviceName is the total. */
export interface ForecastScopeQuery {
  subAccountId?: string;
  serviceName?: string;
  currency?: string;
  historyDays?: number;
}

export interface ModelScore {
  model: string;
  mase: number | null;
  smape: number | null;
  mae: number;
  bias: number;
  pairs: number;
  selected: boolean;
}

export interface ForecastPoint {
  day: string;
  predicted: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

export interface PeriodTotal {
  month: string;
  actualToDate: number;
  predicted: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

export type ForecastStatus = 'ok' | 'insufficient_history' | 'not_forecast';

export interface ScopeForecast {
  currency: string;
  subAccountId: string | null;
  serviceName: string | null;
  status: ForecastStatus | string;
  message: string | null;
  asOf: string | null;
  generatedAt: string | null;
  model: string | null;
  historyDays: number;
  backtest: ModelScore[];
  history: { day: string; cost: number }[];
  points: ForecastPoint[];
  months: PeriodTotal[];
}

export interface BudgetStatus {
  scope: 'total' | 'sub_account' | string;
  subAccountId: string | null;
  name: string | null;
  budget: number;
  actualToDate: number;
  forecastMonthEnd: number;
  lower80: number;
  upper80: number;
  projectedOverrun: number;
  probabilityOverBudget: number;
  crossingDay: string | null;
  state: 'on_track' | 'at_risk' | 'forecast_over' | 'exceeded' | 'no_forecast' | string;
}

export interface MonthEndForecast {
  currency: string;
  status: ForecastStatus | string;
  message: string | null;
  month: string;
  asOf: string | null;
  actualToDate: number;
  forecastMonthEnd: number | null;
  lower80: number | null;
  upper80: number | null;
  lower95: number | null;
  upper95: number | null;
  previousMonthTotal: number;
  model: string | null;
  totalBudget: BudgetStatus | null;
  accounts: BudgetStatus[];
}

export interface ScopeModel {
  subAccountId: string | null;
  serviceName: string | null;
  status: string;
  model: string;
  historyDays: number;
  mase: number | null;
  seasonalNaiveMase: number | null;
  backtest: ModelScore[];
}

export interface ForecastModels {
  currency: string;
  asOf: string | null;
  wins: Record<string, number>;
  medianMaseRatio: number | null;
  scopes: ScopeModel[];
}

// ---------------------------------------------------------------- catalog, recommendations, savings

export interface InstanceTypeRow {
  provider: string;
  instanceType: string;
  family: string | null;
  generation: string | null;
  vcpu: number;
  memoryGib: number;
  gpuCount: number;
  architecture: string | null;
  region: string;
  operatingSystem: string;
  onDemandHourly: number | null;
  onDemandMonthly: number | null;
  currency: string;
  source: string;
  effectiveDate: string;
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface CatalogQuery {
  provider?: string;
  region?: string;
  family?: string;
  minVcpu?: number;
  minMemoryGib?: number;
  arch?: string;
  os?: string;
  search?: string;
  sort?: 'price' | '-price' | 'vcpu' | 'memory' | 'name';
  page?: number;
  pageSize?: number;
}

export interface CatalogSummary {
  providers: { provider: string; types: number; pricedTypes: number; rows: number; regions: number }[];
  regions: Record<string, string[]>;
  notice: string;
}

export const RECOMMENDATION_STATUSES = ['open', 'accepted', 'applied', 'validated', 'dismissed', 'expired'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];
export const RECOMMENDATION_TYPES = ['rightsize', 'idle_stop', 'idle_delete', 'unattached_storage'] as const;

export interface UtilizationStats {
  hours: number;
  average: number;
  maximum: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  sized: number;
}

export interface TypeShape {
  type: string;
  vcpu: number;
  memoryGib: number;
  architecture: string | null;
  family: string | null;
  generation: string | null;
  hourlyPrice: number | null;
  pricingRegion: string | null;
}

/** Evidence of a recommendation: compute ones carry utilization and shapes; storage ones their billing rule. */
export interface RecommendationEvidence {
  why?: string;
  windowStart?: string;
  windowEnd?: string;
  lookbackDays?: number;
  percentile?: number;
  statistic?: string;
  cpu?: UtilizationStats | null;
  memory?: UtilizationStats | null;
  networkMegabytesPerDay?: number | null;
  cpuHeadroomPercent?: number;
  memoryHeadroomPercent?: number;
  requiredVcpu?: number | null;
  requiredMemoryGib?: number | null;
  memoryBasis?: string | null;
  current?: TypeShape | null;
  proposed?: TypeShape | null;
  candidatesConsidered?: number;
  candidatesFitting?: number;
  crossFamily?: boolean;
  idleRule?: string | null;
  lowUtilizationDays?: number | null;
  billedHours?: number | null;
  hoursBasis?: string | null;
  coverageHours?: number | null;
  savingsFormula?: string | null;
  rule?: string;
  usageType?: string | null;
  billedDays?: number;
  firstDay?: string;
  lastDay?: string;
  billedCost?: number;
  linkedInstance?: string;
}

export interface Saving {
  baselineStart: string;
  baselineEnd: string;
  baselineCost: number;
  postStart: string;
  postEnd: string;
  postCost: number;
  realizedMonthlySavings: number;
  currency: string;
  validated: boolean;
  method: string;
  details: {
    baselineHours?: number;
    postHours?: number;
    baselineDays?: number;
    postDays?: number;
    postDaysRequired?: number;
    baselineRate?: number;
    postRate?: number;
    estimatedMonthly?: number;
    realizedVsEstimated?: number | null;
    note?: string;
  };
  computedAt: string;
}

export interface Recommendation {
  id: string;
  type: string;
  resourceId: string;
  providerName: string | null;
  subAccountId: string | null;
  regionId: string | null;
  currentType: string | null;
  proposedType: string | null;
  estimatedMonthlySavings: number;
  currency: string;
  evidence: RecommendationEvidence;
  status: RecommendationStatus | string;
  statusReason: string | null;
  createdAt: string;
  updatedAt: string;
  acceptedAt: string | null;
  appliedAt: string | null;
  dismissedAt: string | null;
  saving: Saving | null;
}

export interface RecommendationPage extends Paged<Recommendation> {
  totalMonthlySavings: number;
}

export interface RecommendationQuery {
  status?: string;
  type?: string;
  provider?: string;
  subAccountId?: string;
  regionId?: string;
  resourceId?: string;
  minSavings?: number;
  sort?: '-savings' | 'savings' | '-updated' | 'resource';
  page?: number;
  pageSize?: number;
}

export interface SavingsSummary {
  realizedThisMonth: number;
  realizedToDate: number;
  realizedMonthly: number;
  estimatedMonthlyOfMeasured: number;
  realizedVsEstimated: number | null;
  measured: number;
  validated: number;
  appliedPending: number;
  openCount: number;
  openMonthlySavings: number;
  acceptedCount: number;
  acceptedMonthlySavings: number;
  currency: string;
  monthStart: string;
  asOf: string;
}

export interface SavingsRow {
  recommendation: Recommendation;
  saving: Saving;
  estimatedMonthlySavings: number;
  realizedVsEstimated: number | null;
}


// ---- Anomalies ----

export type AnomalyStatus = 'open' | 'acknowledged' | 'resolved' | 'false_positive';
export type AnomalySeverity = 'low' | 'medium' | 'high' | 'critical';
export type AnomalyFeedback = 'yes' | 'no' | 'planned_activity';

export const ANOMALY_STATUSES: readonly AnomalyStatus[] = ['open', 'acknowledged', 'resolved', 'false_positive'];
export const ANOMALY_SEVERITIES: readonly AnomalySeverity[] = ['low', 'medium', 'high', 'critical'];

export interface Anomaly {
  id: string;
  day: string;
  scopeDimension: string;
  scopeLabel: string;
  subAccountId: string | null;
  serviceName: string | null;
  regionId: string | null;
  chargeCategory: string;
  currency: string;
  actual: number;
  expected: number;
  lowerBound: number;
  upperBound: number;
  score: number;
  impactAmount: number;
  impactPercent: number;
  severity: AnomalySeverity | string;
  status: AnomalyStatus | string;
  feedback: AnomalyFeedback | string | null;
  feedbackNote: string | null;
  parentAnomalyId: string | null;
  detectedAt: string;
}

export interface AnomalyPage {
  items: Anomaly[];
  total: number;
  page: number;
  pageSize: number;
}

export interface AnomalyQuery {
  status?: string;
  severity?: string;
  from?: string;
  to?: string;
  scope?: string;
  minImpact?: number;
  includeExplained?: boolean;
  page?: number;
  pageSize?: number;
}

export interface RootCause {
  dimension: string;
  value: string;
  actual: number;
  expected: number;
  delta: number;
  share: number;
}

export interface AnomalySeriesPoint {
  day: string;
  actual: number | null;
  expected: number | null;
  lower: number | null;
  upper: number | null;
  outsideBand: boolean;
}

export interface RelatedAnomaly {
  id: string;
  scopeLabel: string;
  impactAmount: number;
  status: string;
}

export interface AnomalyDetail {
  anomaly: Anomaly;
  rootCauses: RootCause[];
  series: AnomalySeriesPoint[];
  explainedBy: RelatedAnomaly | null;
  explains: RelatedAnomaly[];
}

export interface AnomalySummary {
  open: number;
  bySeverity: Record<string, number>;
  openImpact: number;
  latestDay: string | null;
}

export interface AlertSubscription {
  id: string;
  name: string;
  channel: 'slack' | 'teams' | 'webhook' | string;
  frequency: 'immediate' | 'daily' | string;
  /** Masked: scheme and host only, or a config: reference. */
  webhook: string;
  minImpactAmount: number | null;
  minImpactPercent: number | null;
  scopeFilter: { subAccountId?: string | null; serviceName?: string | null; regionId?: string | null; minSeverity?: string | null };
  enabled: boolean;
  createdAt: string;
  lastNotifiedAt: string | null;
}

export interface AlertSubscriptionInput {
  name: string;
  channel: string;
  frequency: string;
  /** Omit on update to keep the stored URL. */
  webhookUrl?: string;
  minImpactAmount?: number | null;
  minImpactPercent?: number | null;
  scopeFilter?: AlertSubscription['scopeFilter'] | null;
  enabled?: boolean;
}

// ---------------------------------------------------------------- assistant (POST /ai/query)

export type AssistantKind = 'answer' | 'clarification' | 'unsupported';

/** How to chart a result: x is a column name ('' = the series themselves are the categories). */
export interface AssistantChart {
  type: 'bar' | 'line' | string;
  x: string;
  series: string[];
  groupBy: string | null;
  unit: string | null;
}

export interface AssistantFilter {
  dimension: string;
  values: string[];
  matchedFrom: string;
  tagKey: string | null;
}

export interface AssistantPeriod {
  from: string;
  to: string;
  label: string;
}

/** What the question was read as, so a wrong reading can be corrected. */
export interface AssistantUnderstood {
  source: 'grammar' | 'llm' | string;
  summary: string;
  intent: string | null;
  measure: string | null;
  dimensions: string[] | null;
  filters: AssistantFilter[] | null;
  period: AssistantPeriod | null;
  comparedWith: AssistantPeriod | null;
  ranking: { limit: number; order: 'asc' | 'desc' } | null;
  currency: string | null;
  assumptions: string[] | null;
  granularity: string | null;
}

export type AssistantCell = string | number | boolean | null;

export interface AssistantAnswer {
  answer: string;
  sql: string | null;
  columns: string[];
  rows: AssistantCell[][];
  chart: AssistantChart | null;
  understood: AssistantUnderstood;
  kind: AssistantKind;
  suggestions: string[];
  truncated: boolean;
}
