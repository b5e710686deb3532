/**
 * The 12 allocation fields (12대 분야) of Korean central-government budgets: English names and a
 * one- or two-sentence plain-language description in Korean and English, written for the
 * spending explainer (factual and neutral; a site can override them with the `descriptions`
 * property). Imported with the data (a lazy chunk), matched by the field's name.
 */
import type { LocalizedText } from '@madang/contracts';

/** A field name as matched: NFC, no spaces or parenthesised parts, one kind of middle dot. */
export const fieldKey = (name: string) =>
  name
    .normalize('NFC')
    .replace(/\([^)]*\)|\s+/g, '')
    .replace(/[ㆍ•‧・･.,]/g, '·')
    .toLowerCase();

const F: [string, string, string, string][] = [
  [
    '보건·복지·고용',
    'Health, welfare and employment',
    '국민연금·공무원연금 같은 공적연금, 기초연금과 기초생활보장, 아동·노인·장애인 지원, 주거 지원, 건강보험 지원, 보훈과 일자리 사업에 쓰입니다. 12대 분야 가운데 가장 큽니다.',
    'Public pensions (such as the national and civil-service pensions), the basic pension and basic livelihood security, support for children, older people and people with disabilities, housing support, subsidies to health insurance, veterans and employment programmes. The largest of the 12 fields.',
  ],
  [
    '교육',
    'Education',
    '유아·초중등 교육(대부분 시·도 교육청에 보내는 지방교육재정교부금), 대학 등 고등교육, 평생·직업교육에 쓰입니다.',
    'Early-childhood and school education (mostly grants to the provincial education offices), universities and other higher education, and lifelong and vocational learning.',
  ],
  [
    '문화·체육·관광',
    'Culture, sports and tourism',
    '문화예술과 문화유산, 체육, 관광 진흥, 콘텐츠 산업 지원에 쓰입니다.',
    'Arts and cultural heritage, sport, tourism promotion and support for the content industries.',
  ],
  [
    '환경',
    'Environment',
    '상하수도, 미세먼지 등 대기질 개선, 폐기물 처리, 자연 보전과 기후변화 대응에 쓰입니다.',
    'Water supply and sewerage, air quality (such as fine dust), waste management, nature conservation and climate-change measures.',
  ],
  [
    '연구개발',
    'Research and development',
    '정부가 지원하는 기초·응용 연구와 기술 개발, 국가 연구기관 운영에 쓰입니다.',
    'Government-funded basic and applied research, technology development and the running of national research institutes.',
  ],
  [
    '산업·중소기업·에너지',
    'Industry, SMEs and energy',
    '중소기업·소상공인 지원, 산업 육성, 무역·투자 진흥, 에너지 수급과 자원 개발에 쓰입니다.',
    'Support for small businesses and the self-employed, industrial development, trade and investment promotion, and energy supply and resources.',
  ],
  [
    '사회간접자본',
    'Social overhead capital (SOC)',
    '도로·철도·항만·공항 같은 교통 기반시설, 물류, 지역 개발과 수자원에 쓰입니다.',
    'Transport infrastructure such as roads, railways, ports and airports, logistics, regional development and water resources.',
  ],
  [
    '농림·수산·식품',
    'Agriculture, fisheries and food',
    '농업인 직불금 등 소득 지원, 농산물 수급 안정, 농어촌 개발, 산림, 수산·어촌과 식품 산업에 쓰입니다.',
    'Income support for farmers (such as direct payments), stable supply of farm produce, rural development, forestry, fisheries and fishing villages, and the food industry.',
  ],
  [
    '국방',
    'Defence',
    '군 인건비와 부대 운영, 무기 체계의 도입과 개발(방위력 개선)에 쓰입니다.',
    'Pay and running of the armed forces, and buying and developing weapons systems (force improvement).',
  ],
  [
    '외교·통일',
    'Diplomacy and unification',
    '외교 활동과 재외국민 보호, 공적개발원조(ODA), 국제기구 분담금, 남북 협력과 통일 정책에 쓰입니다.',
    'Diplomacy and help for citizens abroad, official development assistance (ODA), contributions to international organisations, and inter-Korean cooperation and unification policy.',
  ],
  [
    '공공질서·안전',
    'Public order and safety',
    '경찰, 해양경찰, 소방, 법원·검찰·교정과 재난 관리에 쓰입니다.',
    'Police, the coast guard, fire services, courts, prosecution and prisons, and disaster management.',
  ],
  [
    '일반·지방행정',
    'General and local administration',
    '지방자치단체에 보내는 지방교부세, 나랏빚(국채) 이자, 정부 기관의 일반 운영에 쓰입니다.',
    'Grants to local governments (local shared taxes), interest on government debt, and the general running of government.',
  ],
];

export interface FieldText {
  name: LocalizedText;
  description: LocalizedText;
}

/** The known fields by `fieldKey` of their Korean name. */
export const FIELDS: ReadonlyMap<string, FieldText> = new Map(F.map(([ko, en, dko, den]) => [fieldKey(ko), { name: { ko, en }, description: { ko: dko, en: den } }]));
