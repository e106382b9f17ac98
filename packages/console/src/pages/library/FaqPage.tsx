import { LibraryPage } from './LibraryPage';

export default function FaqPage() {
  return <LibraryPage library="faq" />;
}
