/**
 * The texts of <madang-proposal-form>'s contact section: the PIPA notice (개인정보 보호법 제15조
 * 제2항, 제22조: purpose, items, retention, the right to refuse and what refusing costs) and the
 * per-item consent questions and the errors of the contact items, in Korean (English: messages-en.ts). Only sites that ask for contact details
 * (settings.contact `optional` or `required`) show them, so the element imports this module on
 * demand with those settings (before the form is shown); a site without contact details never
 * fetches it. A site's own `settings.consent.purpose` replaces the purpose and
 * `settings.consent.extra` is added below.
 */
/** Korean; the English texts come with the English messages (messages-en.ts, `notice`). */
export const noticeKo = {
  headingOptional: '연락처 (선택)',
  headingRequired: '연락처 (필수)',
  introOptional: '처리 결과를 연락처로 안내받고 싶으면 아래에서 항목별로 동의한 뒤 입력해 주세요. 동의하지 않아도 제안할 수 있습니다.',
  introRequired: '이 기관은 제안자에게 연락할 수 있어야 제안을 접수합니다. 이름과, 이메일 또는 전화번호 중 하나가 필요합니다.',
  noticeTitle: '개인정보 수집·이용 안내',
  purposeTerm: '수집·이용 목적',
  purpose: '제안 처리 결과 안내, 제안 내용에 관한 문의와 확인',
  itemsTerm: '수집 항목',
  itemsOptional: '이름, 이메일, 전화번호 (항목마다 선택)',
  itemsRequired: '이름(필수), 이메일 또는 전화번호 중 하나 이상(필수)',
  retentionTerm: '보유·이용 기간',
  retention: (days: string) => `제안 접수일로부터 ${days}일. 기간이 끝나면 지체 없이 파기합니다.`,
  refuseTerm: '동의를 거부할 권리와 거부할 때의 불이익',
  refuseOptional:
    '동의를 거부할 수 있으며, 거부해도 제안을 낼 수 있습니다. 다만 처리 결과를 연락처로 안내받을 수 없고, 접수번호와 확인 코드로만 확인할 수 있습니다.',
  refuseRequired: '동의를 거부할 수 있습니다. 다만 이 기관은 연락처가 있어야 제안을 접수하므로, 동의하지 않으면 제안을 접수할 수 없습니다.',
  minors: '만 14세 미만은 연락처를 입력하기 전에 법정대리인(부모 등 보호자)의 동의를 받아야 합니다.',
  notStored: '연락처는 이 기기에 저장되지 않고, 제안을 보낼 때 한 번만 전송됩니다. 공개되는 제안에는 연락처가 나타나지 않습니다.',
  consentLegend: (item: string, requirement: string) => `${item} 수집·이용에 동의하십니까? (${requirement})`,
  requiredOneOf: '이메일·전화번호 중 하나 필수',
  agree: '동의합니다',
  disagree: '동의하지 않습니다',
  /** What is wrong with a contact item or its consent (validated only on sites that ask for them). */
  errors: {
    consentMissing: (item: string) => `${item} 수집·이용에 동의하는지 골라 주세요.`,
    consentRequired: (item: string) => `${item} 수집·이용에 동의해야 제안을 접수할 수 있습니다.`,
    oneOfRequired: '이메일이나 전화번호 중 하나는 동의하고 입력해야 제안을 접수할 수 있습니다.',
    nameMissing: '이름을 입력해 주세요. 알리고 싶지 않으면 ‘동의하지 않습니다’를 고르세요.',
    nameTooLong: (max: string) => `이름은 ${max}자 이내로 써 주세요.`,
    emailMissing: '이메일 주소를 입력해 주세요. 알리고 싶지 않으면 ‘동의하지 않습니다’를 고르세요.',
    emailInvalid: '이메일 주소 형식이 올바르지 않습니다. 예: hong@example.kr',
    phoneMissing: '전화번호를 입력해 주세요. 알리고 싶지 않으면 ‘동의하지 않습니다’를 고르세요.',
    phoneInvalid: '전화번호 형식이 올바르지 않습니다. 숫자와 - 로 써 주세요. 예: 010-1234-5678',
    nameMissingPlain: '이름을 입력해 주세요.',
    emailMissingPlain: '이메일 주소를 입력해 주세요.',
    phoneMissingPlain: '전화번호를 입력해 주세요.',
  },
};

export type NoticeTexts = typeof noticeKo;
