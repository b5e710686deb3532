/**
 * Every string <madang-budget-table> shows or announces, in Korean (the default and the source
 * of the key set). English is messages-en.ts, typed as `BudgetTableMessages` (a key missing from
 * it fails the build) and imported the first time an element is in English, to keep it out of
 * the entry's bundle. Numbers, amounts and dates arrive already formatted in the widget's locale.
 * Phase and level names are BUDGET_PHASE_LABELS and BUDGET_LEVEL_LABELS of
 * @madang/contracts/budget-rules, restated (the tests check they agree): importing that module
 * would put all of it (the CSV header rules) into this element's bundle.
 */
import type { BudgetPhase } from '@madang/contracts';
import type { Lang } from '../shared/lang.js';
import { commonErrors, retry } from '../shared/messages.js';

export type { Lang };

export const ko = {
  title: '예산',
  loading: '예산 자료를 불러오는 중입니다…',
  retry: retry.ko,
  phases: { proposed: '정부안', approved: '국회 확정', adjusted: '추경', executed: '결산' } as Record<BudgetPhase, string>,
  levels: ['분야', '부문', '프로그램', '단위사업', '세부사업'],
  /** The caption's second line: year, phase, unit. */
  captionMeta: (year: string, phase: string) => `${year}년 · ${phase} · 단위: 원 (조·억·만으로 줄여 표시, 정확한 금액은 셀에 포커스)`,
  comparisonCaption: (item: string) => `기관별 비교: ${item}`,
  allItems: '모든 목',
  controls: '표 보기 설정',
  view: '보기',
  views: { tree: '분류별', flat: '사업 목록', comparison: '기관별 비교' },
  year: '회계연도',
  yearOption: (y: string) => `${y}년`,
  phase: '단계',
  item: '목 (비목)',
  filter: '이름 또는 코드로 찾기',
  breadcrumb: '예산 분류 위치',
  root: '전체',
  drillHint: '하위 항목 보기',
  name: '사업명',
  code: '코드',
  organization: '소관',
  parents: '상위 분류',
  amount: '금액',
  previous: (y: string) => `전년도(${y})`,
  change: '증감률',
  executed: '결산액',
  execution: '집행률',
  headcount: '정원',
  perStaff: '1인당',
  share: '기관 예산 중 비중',
  total: '합계',
  none: '없음',
  download: 'CSV 내려받기',
  downloadHint: (n: string) => `지금 보이는 ${n}개 항목 (UTF-8)`,
  source: '출처',
  noSource: '제공되지 않음',
  moreSources: (n: string) => ` 외 ${n}건`,
  asOf: '기준일',
  won: (label: string) => `${label}(원)`,
  empty: '조건에 맞는 항목이 없습니다.',
  emptyQuery: (q: string) => `‘${q}’와(과) 일치하는 항목이 없습니다.`,
  /** Announced (polite) after filtering, sorting or drilling. */
  count: (n: string) => `${n}개 항목`,
  sortedBy: (col: string, desc: boolean) => `${col} ${desc ? '내림차순' : '오름차순'}`,
  at: (name: string) => `${name} 하위 항목`,
  errors: {
    ...commonErrors.ko,
    config: (detail: string) => `예산 표를 표시할 수 없습니다. 누리집 관리자에게 알려 주세요. (설정 오류: ${detail})`,
    noSource: 'dataset, src 속성이나 data 속성 중 하나가 필요합니다',
    originNotAllowed: '이 누리집 주소는 예산 자료를 불러오도록 허용되지 않았습니다',
    notFound: '예산 데이터셋을 찾을 수 없습니다. 삭제되었을 수 있습니다.',
    validation: '예산 자료를 조회할 수 없습니다. 설정 값을 확인해 주세요.',
    rateLimited: '요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.',
    busy: commonErrors.ko.server,
    file: (status: string) => `예산 파일을 불러오지 못했습니다 (${status}).`,
    parse: '예산 파일을 읽을 수 없습니다:',
    at: (line: string, column: string | null) => `${line}번째 줄${column ? ` ‘${column}’ 열` : ''}`,
    data: '예산 자료가 올바르지 않습니다:',
    tooLarge: (n: string) => `자료가 너무 많아(${n}줄) 사업 목록으로 볼 수 없습니다. 분류별 보기를 이용해 주세요.`,
  },
};

export type BudgetTableMessages = typeof ko;
