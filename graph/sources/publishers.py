"""Known Vietnamese news sites: domain → publisher name, URL slug → section name."""

from __future__ import annotations

from urllib.parse import urlsplit

PUBLISHERS: dict[str, str] = {
    "baolangson.vn": "Báo Lạng Sơn",
    "nhandan.vn": "Báo Nhân Dân",
    "nhandan.com.vn": "Báo Nhân Dân",
    "dangcongsan.vn": "Báo điện tử Đảng Cộng sản Việt Nam",
    "tapchicongsan.org.vn": "Tạp chí Cộng sản",
    "qdnd.vn": "Báo Quân đội nhân dân",
    "cand.com.vn": "Báo Công an nhân dân",
    "baochinhphu.vn": "Báo điện tử Chính phủ",
    "chinhphu.vn": "Cổng Thông tin điện tử Chính phủ",
    "vietnamplus.vn": "VietnamPlus",
    "vnanet.vn": "Thông tấn xã Việt Nam",
    "tuoitre.vn": "Báo Tuổi Trẻ",
    "thanhnien.vn": "Báo Thanh Niên",
    "dantri.com.vn": "Báo Dân trí",
    "vnexpress.net": "VnExpress",
    "vietnamnet.vn": "VietNamNet",
    "laodong.vn": "Báo Lao Động",
    "tienphong.vn": "Báo Tiền Phong",
    "sggp.org.vn": "Báo Sài Gòn Giải Phóng",
    "hanoimoi.vn": "Báo Hànộimới",
    "hanoimoi.com.vn": "Báo Hànộimới",
    "nld.com.vn": "Báo Người Lao Động",
    "baomoi.com": "Báo Mới",
    "vov.vn": "Đài Tiếng nói Việt Nam",
    "vtv.vn": "Đài Truyền hình Việt Nam",
    "daibieunhandan.vn": "Báo Đại biểu Nhân dân",
    "quochoi.vn": "Cổng Thông tin điện tử Quốc hội",
    "mattran.org.vn": "Mặt trận Tổ quốc Việt Nam",
    "tuyengiao.vn": "Tạp chí Tuyên giáo",
    "xaydungdang.org.vn": "Tạp chí Xây dựng Đảng",
    "baocaobang.vn": "Báo Cao Bằng",
    "baobacgiang.vn": "Báo Bắc Giang",
    "baobacgiang.com.vn": "Báo Bắc Giang",
    "baoquangninh.vn": "Báo Quảng Ninh",
    "baoquangninh.com.vn": "Báo Quảng Ninh",
    "baothaibinh.com.vn": "Báo Thái Bình",
    "baonghean.vn": "Báo Nghệ An",
    "baothanhhoa.vn": "Báo Thanh Hóa",
    "baodanang.vn": "Báo Đà Nẵng",
    "baohaiphong.vn": "Báo Hải Phòng",
    "baocantho.com.vn": "Báo Cần Thơ",
    "baodongnai.com.vn": "Báo Đồng Nai",
    "baolaocai.vn": "Báo Lào Cai",
    "baoyenbai.com.vn": "Báo Yên Bái",
    "baohagiang.vn": "Báo Hà Giang",
    "baotuyenquang.com.vn": "Báo Tuyên Quang",
    "baothainguyen.vn": "Báo Thái Nguyên",
    "baobinhduong.vn": "Báo Bình Dương",
    "baolongan.vn": "Báo Long An",
    "baodaklak.vn": "Báo Đắk Lắk",
    "baogialai.com.vn": "Báo Gia Lai",
    "baokhanhhoa.vn": "Báo Khánh Hòa",
    "baohatinh.vn": "Báo Hà Tĩnh",
    "baoquangbinh.vn": "Báo Quảng Bình",
    "baothuathienhue.vn": "Báo Thừa Thiên Huế",
    "baoangiang.com.vn": "Báo An Giang",
    "baocamau.vn": "Báo Cà Mau",
    "baophutho.vn": "Báo Phú Thọ",
    "baovinhphuc.com.vn": "Báo Vĩnh Phúc",
    "baobacninh.vn": "Báo Bắc Ninh",
    "baohungyen.vn": "Báo Hưng Yên",
    "baonamdinh.vn": "Báo Nam Định",
    "baoninhbinh.org.vn": "Báo Ninh Bình",
    "baohoabinh.com.vn": "Báo Hòa Bình",
    "baosonla.vn": "Báo Sơn La",
    "baodienbienphu.info.vn": "Báo Điện Biên Phủ",
    "baolaichau.vn": "Báo Lai Châu",
    "baobackan.vn": "Báo Bắc Kạn",
    "baobackan.org.vn": "Báo Bắc Kạn",
}

SECTIONS: dict[str, str] = {
    "chinh-tri": "Chính trị",
    "thoi-su": "Thời sự",
    "xa-hoi": "Xã hội",
    "kinh-te": "Kinh tế",
    "kinh-doanh": "Kinh doanh",
    "phap-luat": "Pháp luật",
    "the-gioi": "Thế giới",
    "van-hoa": "Văn hóa",
    "giao-duc": "Giáo dục",
    "giao-duc-huong-nghiep": "Giáo dục",
    "suc-khoe": "Sức khỏe",
    "khoa-hoc": "Khoa học",
    "khoa-hoc-cong-nghe": "Khoa học - Công nghệ",
    "the-thao": "Thể thao",
    "quoc-phong-an-ninh": "Quốc phòng - An ninh",
    "xay-dung-dang": "Xây dựng Đảng",
    "doi-song": "Đời sống",
    "du-lich": "Du lịch",
    "giai-tri": "Giải trí",
}


def host_of(url: str) -> str | None:
    """The host of ``url`` in lower case without "www."; None if there is none."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def publisher_for(url: str | None) -> str | None:
    """The publisher of a known site (sub-domains included), else None."""
    host = host_of(url) if url else None
    while host:
        if host in PUBLISHERS:
            return PUBLISHERS[host]
        host = host.partition(".")[2] if host.count(".") > 1 else None
    return None


def section_for(url: str | None) -> str | None:
    """The section named by the URL's first path segment, when it is a known slug."""
    if not url:
        return None
    first = urlsplit(url).path.strip("/").split("/")[0]
    return SECTIONS.get(first.lower())
