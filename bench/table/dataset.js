/**
 * The table benchmark's dataset: N budget lines (the `BudgetLine` shape of
 * packages/contracts/src/budget.ts), deterministic for a given N, with no dependencies, so that
 * the same module runs in Node (scripts/bench-table.mjs checks it) and in the benchmark page
 * (which generates the lines before anything is timed).
 *
 * - One classification tree (12 fields › ~60 sectors › ~600 programs › ~2,400 unit projects ›
 *   ~9,500 detailed projects) is drawn first from the seed, independent of N; then lines are
 *   drawn one after the other, so the 10,000-line dataset is the first 10,000 lines of the
 *   100,000-line one.
 * - A line: year 2025, phase `approved`, the organisation (소관) that owns its program, the full
 *   five-level path, an economic item (목), an amount in won (log-uniform, 1,000,000 to
 *   1,000,000,000,000, whole thousands), the organisation's headcount, no source.
 * - Two sentinel lines make a sort checkable by looking at the first row: line 7 carries the
 *   largest amount of every dataset (1.2 × 10^12) and line 11 the smallest (500,000 won), each
 *   with a detailed-project name that no other line has and that is not part of any other name.
 * - The filter query `스마트팜` occurs only in detailed-project names, in ~1% of lines.
 */

export const SEED = 0x4d41444e; // "MADN"
export const YEAR = 2025;
export const PHASE = 'approved';
export const FILTER_QUERY = '스마트팜';
/** The probability that a detailed project is a 스마트팜 one (the lines follow the projects). */
const QUERY_SHARE = 0.01;

export const MAX_LINE = 7;
export const MIN_LINE = 11;
export const MAX_NAME = '차세대 국가기간망 통합구축';
export const MIN_NAME = '도서지역 우편함 정비';
const MAX_AMOUNT = 1_200_000_000_000;
const MIN_AMOUNT = 500_000;

/** mulberry32: a small, fast, seedable PRNG (32-bit state); returns floats in [0, 1). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The 12 allocation fields of the MOEF releases (see shared/context.md), with their sectors.
const FIELDS = [
  ['010', '보건·복지·고용', ['기초생활보장', '취약계층지원', '공적연금', '보육·가족및여성', '노인', '고용노동', '보훈', '주택', '보건의료', '건강보험']],
  ['020', '교육', ['유아및초중등교육', '고등교육', '평생·직업교육', '교육일반']],
  ['030', '문화·체육·관광', ['문화예술', '관광', '체육', '문화재', '문화및관광일반']],
  ['040', '환경', ['상하수도·수질', '폐기물', '대기', '자연', '해양환경', '환경일반']],
  ['050', '연구개발(R&D)', ['기초연구', '응용연구', '연구인력양성', '과학기술연구지원']],
  ['060', '산업·중소기업·에너지', ['산업금융지원', '산업기술지원', '무역및투자유치', '산업진흥·고도화', '에너지및자원개발']],
  ['070', '사회간접자본(SOC)', ['도로', '철도·도시철도', '해운·항만', '항공·공항', '물류등기타', '수자원', '지역및도시']],
  ['080', '농림·수산·식품', ['농업·농촌', '임업·산촌', '수산·어촌', '식품업']],
  ['090', '국방', ['병력운영', '전력유지', '방위력개선']],
  ['100', '외교·통일', ['통일', '외교·통상']],
  ['110', '공공질서·안전', ['법원및헌재', '법무및검찰', '경찰', '해경', '재난방재·민방위']],
  ['120', '일반·지방행정', ['입법및선거관리', '국정운영', '지방행정·재정지원', '재정·금융', '일반행정']],
];

// ~55 organisations (소관): ministries, agencies and constitutional bodies, with a headcount.
const ORGANIZATIONS = [
  '기획재정부', '교육부', '과학기술정보통신부', '외교부', '통일부', '법무부', '국방부', '행정안전부',
  '국가보훈부', '문화체육관광부', '농림축산식품부', '산업통상자원부', '보건복지부', '환경부', '고용노동부',
  '여성가족부', '국토교통부', '해양수산부', '중소벤처기업부', '인사혁신처', '법제처', '식품의약품안전처',
  '국세청', '관세청', '조달청', '통계청', '재외동포청', '검찰청', '병무청', '방위사업청', '경찰청', '소방청',
  '국가유산청', '농촌진흥청', '산림청', '특허청', '질병관리청', '기상청', '행정중심복합도시건설청',
  '새만금개발청', '해양경찰청', '우주항공청', '국무조정실', '공정거래위원회', '금융위원회',
  '국민권익위원회', '원자력안전위원회', '방송통신위원회', '개인정보보호위원회', '국가인권위원회', '감사원',
  '대법원', '헌법재판소', '중앙선거관리위원회', '국회',
];

// Economic items (목), with codes in the style of the 예산과목 (weights: how often a line has it).
const ITEMS = [
  ['110', '인건비', 6], ['210-01', '일반운영비', 8], ['220-01', '국내여비', 5], ['220-02', '국외업무여비', 3],
  ['240-01', '업무추진비', 4], ['250-01', '직무수행경비', 2], ['260-01', '연구용역비', 3], ['320-01', '연구개발비', 5],
  ['330-01', '민간경상보조', 8], ['330-02', '자치단체경상보조', 6], ['340-01', '출연금', 5], ['360-01', '민간자본보조', 3],
  ['360-02', '자치단체자본보조', 4], ['420-01', '건설비', 3], ['430-01', '자산취득비', 3],
];

// Name parts. None contains the filter query; only detailed-project names get it (below).
const PROGRAM_TOPICS = [
  '청년 일자리', '지역 균형발전', '디지털 전환', '탄소중립', '재난 안전', '공공의료', '농촌 활력', '해양 자원',
  '문화 향유', '과학기술 인재', '중소기업 혁신', '수출 경쟁력', '국방 역량', '주거 안정', '아동 돌봄', '노후 소득',
  '감염병 대응', '교육 격차 해소', '관광 활성화', '생활체육', '물 관리', '대기질 개선', '자원순환', '산림 보전',
  '수산 자원', '식품 안전', '교통 안전', '철도 물류', '도로 정비', '항만 경쟁력', '항공 안전', '우주 개발',
  '원자력 안전', '에너지 전환', '소상공인 지원', '벤처 투자', '통상 협력', '개발 협력', '남북 교류', '재외국민 보호',
  '치안 역량', '사법 서비스', '국민 권익', '개인정보 보호', '공정 경쟁', '금융 안정', '통계 기반', '조세 행정',
  '관세 행정', '조달 혁신', '인사 혁신', '지방 재정', '선거 관리', '국정 운영', '공공 데이터', '정보 보호',
  '장애인 자립', '가족 지원', '보훈 예우', '병역 이행',
];
const PROGRAM_SUFFIXES = ['지원', '육성', '기반 구축', '역량 강화', '운영', '관리', '확충', '개선', '활성화', '고도화'];
const UNIT_TOPICS = [
  '인프라', '전문인력', '연구시설', '정보시스템', '현장 대응', '협력 체계', '평가 관리', '교육 훈련', '안전 점검',
  '시범 운영', '국제 협력', '민관 협력', '성과 관리', '품질 관리', '표준화', '실증', '홍보', '조사 분석', '기술 개발',
  '장비 현대화',
];
const UNIT_SUFFIXES = ['지원', '구축', '운영', '강화', '확대', '관리'];
const DETAIL_QUALIFIERS = [
  '지역', '공공', '국립', '친환경', '취약계층', '청년', '노후', '첨단', '현장', '광역', '도시', '농어촌', '중소', '민간',
  '학교', '해외', '국가', '통합', '차세대', '디지털',
];
const DETAIL_TOPICS = [
  '돌봄센터', '일자리', '연구장비', '데이터센터', '안전시설', '교육과정', '보건소', '하수처리', '산업단지', '창업보육',
  '문화시설', '체육시설', '관광자원', '어항', '임도', '도서관', '복지관', '소방장비', '치안장비', '교통망',
  '전산장비', '통계조사', '공동주택', '의료기관', '실험실', '수소충전소', '전기차 충전', '태양광', '폐기물 처리장', '상수도',
];
const DETAIL_SUFFIXES = ['조성', '지원', '확충', '운영', '개선', '구축', '보강', '설치', '현대화', '확대'];
const QUERY_SUFFIXES = ['혁신밸리 조성', '청년창업 보육', '보급 확산', '데이터 플랫폼 구축', '수출단지 지원'];

const pick = (rand, list) => list[Math.floor(rand() * list.length)];
const between = (rand, lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

/** The classification tree and the organisations, drawn from the seed (independent of N). */
function buildTree() {
  const rand = prng(SEED);
  const organizations = ORGANIZATIONS.map((name, i) => ({
    node: { code: String(1000 + i * 10), name },
    headcount: between(rand, 80, 12000),
  }));
  const details = []; // every detailed project with its full path and organisation
  let programNo = 1000;
  for (const [fieldCode, fieldName, sectors] of FIELDS) {
    const field = { code: fieldCode, name: fieldName };
    sectors.forEach((sectorName, s) => {
      const sector = { code: `${fieldCode.slice(0, 2)}${s + 1}`, name: sectorName };
      const programs = between(rand, 6, 14);
      for (let p = 0; p < programs; p++) {
        programNo += between(rand, 1, 9);
        const program = { code: String(programNo), name: `${pick(rand, PROGRAM_TOPICS)} ${pick(rand, PROGRAM_SUFFIXES)}` };
        const org = pick(rand, organizations);
        const units = between(rand, 2, 6);
        for (let u = 0; u < units; u++) {
          const unit = { code: `${program.code}-${300 + u}`, name: `${pick(rand, UNIT_TOPICS)} ${pick(rand, UNIT_SUFFIXES)}` };
          const detailCount = between(rand, 2, 6);
          for (let d = 0; d < detailCount; d++) {
            const name =
              rand() < QUERY_SHARE
                ? `${pick(rand, DETAIL_QUALIFIERS)} ${FILTER_QUERY} ${pick(rand, QUERY_SUFFIXES)}`
                : `${pick(rand, DETAIL_QUALIFIERS)} ${pick(rand, DETAIL_TOPICS)} ${pick(rand, DETAIL_SUFFIXES)}`;
            const detail = { code: `${unit.code}-${500 + d}`, name };
            details.push({ path: [field, sector, program, unit, detail], org });
          }
        }
      }
    });
  }
  const items = [];
  for (const [code, name, weight] of ITEMS) for (let w = 0; w < weight; w++) items.push({ code, name });
  return { details, items };
}

let tree;

/** N budget lines (`BudgetLine` objects); the first K of N lines are the K-line dataset. */
export function generateLines(n) {
  tree ??= buildTree();
  const rand = prng(SEED ^ 0x9e3779b9);
  const lines = new Array(n);
  for (let i = 0; i < n; i++) {
    const { path, org } = tree.details[Math.floor(rand() * tree.details.length)];
    const item = tree.items[Math.floor(rand() * tree.items.length)];
    // Log-uniform between 10^6 and 10^12 won, in whole thousands (budgets are kept in 천원).
    let amount = Math.round(10 ** (6 + 6 * rand()) / 1000) * 1000;
    let linePath = path;
    if (i === MAX_LINE || i === MIN_LINE) {
      const max = i === MAX_LINE;
      amount = max ? MAX_AMOUNT : MIN_AMOUNT;
      linePath = [...path.slice(0, 4), { code: `${path[3].code}-${max ? 990 : 991}`, name: max ? MAX_NAME : MIN_NAME }];
    }
    lines[i] = {
      year: YEAR,
      phase: PHASE,
      organization: org.node,
      path: linePath,
      item: { code: item.code, name: item.name },
      amount,
      headcount: org.headcount,
      source: null,
    };
  }
  return lines;
}

/** The peers' row: 세부사업 name, 소관, 분야, 프로그램, amount (a number). */
export const COLUMNS = [
  { key: 'name', title: '세부사업' },
  { key: 'org', title: '소관' },
  { key: 'field', title: '분야' },
  { key: 'program', title: '프로그램' },
  { key: 'amount', title: '금액(원)', numeric: true },
];

export function flatten(lines) {
  const rows = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    rows[i] = { name: l.path[4].name, org: l.organization.name, field: l.path[0].name, program: l.path[2].name, amount: l.amount };
  }
  return rows;
}

/** Amounts as the peers display them: whole won with thousands separators. */
export const amountFormat = new Intl.NumberFormat('ko-KR', { maximumFractionDigits: 0 });

/** What the checks need: how many lines the filter must keep, and which name a sort puts first. */
export function expectations(lines) {
  let matches = 0;
  for (const l of lines) if (l.path[4].name.includes(FILTER_QUERY)) matches++;
  return { n: lines.length, query: FILTER_QUERY, matches, maxName: MAX_NAME, minName: MIN_NAME };
}
